package io.berth.build.dockerfile;

import io.berth.common.InvalidArgumentException;

/** Dockerfile errors with the line they come from, in the classic builder's words. */
public final class ParseErrors {
    private ParseErrors() {}

    /** {@code dockerfile parse error line N: message} (a 400). */
    public static InvalidArgumentException at(String message, int line) {
        return new InvalidArgumentException("dockerfile parse error line " + line + ": " + message);
    }
}
