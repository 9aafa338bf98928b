package io.berth.cli;

import io.berth.common.Exec;
import io.berth.common.linux.Linux;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The user's terminal: whether stdin/stdout are TTYs, raw mode (through stty) and its size. */
public final class Terminal {
    private Terminal() {}

    public static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    public static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    public static boolean isStderrTerminal() {
        return isTerminal(2);
    }

    /** Reads the descriptor's link in /proc (cheaper at start-up than a native isatty call). */
    static boolean isTerminal(int fd) {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return Linux.isatty(fd);
        }
    }

    /** {@code [rows, columns]} of the controlling terminal, if there is one. */
    public static Optional<int[]> size() {
        var result = stty("size");
        if (result.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = result.get().strip().split("\\s+");
        try {
            return Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Puts the terminal in raw mode; returns the settings to restore. */
    public static Optional<String> makeRaw() {
        var saved = stty("-g");
        if (saved.isPresent()) {
            stty("raw", "-echo");
        }
        return saved.map(String::strip);
    }

    public static void restore(Optional<String> saved) {
        saved.ifPresent(s -> stty(s));
    }

    private static Optional<String> stty(String... args) {
        var argv = new java.util.ArrayList<String>();
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add("stty " + String.join(" ", args) + " < /dev/tty");
        try {
            var result = Exec.run(argv, Map.of(), null, Duration.ofSeconds(5));
            return result.ok() ? Optional.of(result.out()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

}
