package io.berth.common;

/** The request is malformed or names an invalid value (HTTP 400). */
public final class InvalidArgumentException extends BerthException {
    public InvalidArgumentException(String message) {
        super(message, null);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
