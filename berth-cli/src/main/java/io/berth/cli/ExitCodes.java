package io.berth.cli;

import io.berth.common.BerthException;
import java.io.PrintWriter;

/**
 * Docker's exit codes: 125 when the daemon refused (or could not be reached), 126 when the
 * command cannot be invoked, 127 when it is not found, 1 for other failures of plain commands;
 * {@code run} returns the container's own exit code otherwise.
 */
public final class ExitCodes {
    public static final int GENERAL = 1;
    public static final int DAEMON = 125;
    public static final int CANNOT_INVOKE = 126;
    public static final int NOT_FOUND = 127;

    private ExitCodes() {}

    /** For a failed start: 127/126 when the runtime could not find or execute the command. */
    public static int forStartError(String message) {
        if (message.contains("executable file not found") || message.contains("no such file or directory")) {
            return NOT_FOUND;
        }
        if (message.contains("permission denied") || message.contains("is a directory")) {
            return CANNOT_INVOKE;
        }
        return DAEMON;
    }

    /** Prints an error as the docker CLI does. */
    public static void print(PrintWriter err, BerthException e) {
        err.println(message(e));
        err.flush();
    }

    public static String message(BerthException e) {
        if (e instanceof io.berth.common.UnavailableException) {
            return e.getMessage();
        }
        return "Error response from daemon: " + e.getMessage();
    }
}
