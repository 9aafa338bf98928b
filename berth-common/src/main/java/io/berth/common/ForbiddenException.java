package io.berth.common;

/** The operation is not allowed on this object (HTTP 403). */
public final class ForbiddenException extends BerthException {
    public ForbiddenException(String message) {
        super(message, null);
    }
}
