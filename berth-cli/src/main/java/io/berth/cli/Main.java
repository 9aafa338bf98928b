package io.berth.cli;

import picocli.CommandLine;

/** The {@code berth} executable. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line; returns the exit code (tests call this in-process). */
    public static int execute(String... args) {
        return BerthCommand.commandLine(new BerthCommand(), args).execute(args);
    }
}
