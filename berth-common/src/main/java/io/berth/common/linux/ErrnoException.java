package io.berth.common.linux;

/** A failed system call: what was being done and the errno it returned. */
public final class ErrnoException extends RuntimeException {
    private final int errno;

    public ErrnoException(String operation, int errno) {
        super(operation + ": " + Linux.strerror(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
