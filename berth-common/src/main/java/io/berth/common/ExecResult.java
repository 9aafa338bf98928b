package io.berth.common;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** What a finished subprocess left: its exit code and both outputs. */
public record ExecResult(List<String> argv, int exitCode, byte[] stdout, byte[] stderr) {
    public ExecResult {
        argv = List.copyOf(argv);
    }

    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** This result, or an {@link InternalException} naming the program, the exit code and the tail of stderr. */
    public ExecResult orThrow() {
        if (exitCode != 0) {
            throw new InternalException(program() + " exited with status " + exitCode + ": " + tail(err()));
        }
        return this;
    }

    public String program() {
        String first = argv.isEmpty() ? "?" : argv.getFirst();
        int slash = first.lastIndexOf('/');
        return slash < 0 ? first : first.substring(slash + 1);
    }

    private static String tail(String s) {
        String trimmed = s.strip();
        return trimmed.length() <= 2000 ? trimmed : "..." + trimmed.substring(trimmed.length() - 2000);
    }
}
