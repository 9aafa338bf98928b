package io.berth.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one way Berth runs a short-lived program: argv in, {@link ExecResult} out, always with a
 * deadline. Long-lived helpers that must outlive the daemon (conmon) are started with
 * {@link io.berth.common.linux.Spawn} instead.
 */
public final class Exec {
    private Exec() {}

    public static ExecResult run(List<String> argv, Duration timeout) {
        return run(argv, Map.of(), null, timeout);
    }

    public static ExecResult run(List<String> argv, Map<String, String> extraEnv, byte[] stdin, Duration timeout) {
        var builder = new ProcessBuilder(argv);
        builder.environment().putAll(extraEnv);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new InternalException("cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        try {
            if (stdin != null) {
                Thread.ofVirtual().name("exec-stdin").start(() -> {
                    try (var in = process.getOutputStream()) {
                        in.write(stdin);
                    } catch (IOException ignored) {
                        // the program closed its stdin early; its exit status tells the story
                    }
                });
            }
            var stdout = drain(process.getInputStream());
            var stderr = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new InternalException(argv.getFirst() + " did not finish within " + timeout.toSeconds() + "s");
            }
            return new ExecResult(argv, process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while running " + argv.getFirst(), e);
        }
    }

    private static Drain drain(InputStream in) {
        var drain = new Drain(in);
        Thread.ofVirtual().name("exec-drain").start(drain);
        return drain;
    }

    private static final class Drain implements Runnable {
        private final InputStream in;
        private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();

        Drain(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            try (in) {
                result.complete(in.readAllBytes());
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }

        byte[] join() {
            return result.join();
        }
    }
}
