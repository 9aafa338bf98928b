package io.berth.common;

/** The object is already in the requested state (HTTP 304, no body). */
public final class NotModifiedException extends BerthException {
    public NotModifiedException(String message) {
        super(message, null);
    }
}
