package io.berth.common;

/** Something failed that the caller cannot fix: a system call, a subprocess, the disk (HTTP 500). */
public final class InternalException extends BerthException {
    public InternalException(String message) {
        super(message, null);
    }

    public InternalException(String message, Throwable cause) {
        super(message, cause);
    }
}
