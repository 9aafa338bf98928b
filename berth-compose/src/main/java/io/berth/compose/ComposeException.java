package io.berth.compose;

/** A failure of compose itself (a dependency that failed, a missing external network), printed as it is, not as the daemon's. */
public final class ComposeException extends RuntimeException {
    public ComposeException(String message) {
        super(message);
    }
}
