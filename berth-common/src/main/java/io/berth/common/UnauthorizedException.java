package io.berth.common;

/** Credentials are missing or wrong (HTTP 401). */
public final class UnauthorizedException extends BerthException {
    public UnauthorizedException(String message) {
        super(message, null);
    }
}
