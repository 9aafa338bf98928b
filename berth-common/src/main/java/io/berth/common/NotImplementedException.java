package io.berth.common;

/** Berth does not do this (yet) (HTTP 501). */
public final class NotImplementedException extends BerthException {
    public NotImplementedException(String message) {
        super(message, null);
    }
}
