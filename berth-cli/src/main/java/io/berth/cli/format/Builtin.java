package io.berth.cli.format;

/**
 * A template function: how many arguments it takes ({@code arity}, or at least that many when
 * {@code variadic}) and its body. A body signals Go's "error calling NAME: ..." with {@link Failure}.
 */
record Builtin(int arity, boolean variadic, Body body) {

    @FunctionalInterface
    interface Body {
        Object call(Args args);
    }

    static Builtin fixed(int arity, Body body) {
        return new Builtin(arity, false, body);
    }

    static Builtin variadic(int atLeast, Body body) {
        return new Builtin(atLeast, true, body);
    }

    /** The error a Go function returns; the executor reports it as "error calling NAME: message". */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }
}
