package io.berth.common;

/** A dependency (the daemon, a registry) cannot be reached now (HTTP 503). */
public final class UnavailableException extends BerthException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
