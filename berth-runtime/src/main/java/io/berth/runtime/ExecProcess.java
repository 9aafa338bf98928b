package io.berth.runtime;

import io.berth.runtime.conmon.Conmon;
import io.berth.runtime.conmon.ExecMonitor;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A process being run in a container by the runtime's {@code exec} under its own conmon. Created
 * (by {@link OciRuntime#exec}) when conmon's attach socket is ready; {@link #start} lets it run.
 */
public final class ExecProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern CRUN_NOT_FOUND = Pattern.compile("executable file `([^`]*)` not found in \\$PATH");
    private static final Pattern CRUN_OPEN = Pattern.compile("open executable: ");
    private static final Pattern RUNC_MESSAGE = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String RUNC_PREFIX = "exec failed: unable to start container process: ";

    private final String runtime;
    private final String executable;
    private final ExecMonitor monitor;

    ExecProcess(String runtime, String executable, ExecMonitor monitor) {
        this.runtime = runtime;
        this.executable = executable;
        this.monitor = monitor;
    }

    /**
     * Runs the process; returns its pid (in the host's namespace). A process the runtime could not
     * start is a {@link RuntimeFailureException} worded as Docker words it ({@code OCI runtime exec
     * failed: … exec: "foo": executable file not found in $PATH: unknown}), which clients map to 126
     * and 127.
     */
    public long start() {
        try {
            return monitor.start(START_TIMEOUT);
        } catch (Conmon.CreateFailedException e) {
            throw new RuntimeFailureException(dockerWording(runtime, e.getMessage(), executable));
        }
    }

    /** Blocks until the process has exited (call it from a platform thread); empty if conmon vanished. */
    public OptionalInt awaitExit() {
        return monitor.awaitExit();
    }

    /** Gives up on a process that was not started: it will not run. */
    public void abandon() {
        monitor.abandon();
    }

    @Override
    public void close() {
        monitor.close();
    }

    /** Docker's wording for a failed exec, from crun's or runc's message; empty when the runtime gave none. */
    public static String dockerWording(String runtime, String raw, String executable) {
        String message = raw == null ? "" : raw.strip();
        var runc = RUNC_MESSAGE.matcher(message);
        if (runc.find()) {
            message = runc.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            if (message.startsWith(RUNC_PREFIX)) {
                message = message.substring(RUNC_PREFIX.length());
            }
        } else if (CRUN_NOT_FOUND.matcher(message).find()) {
            var m = CRUN_NOT_FOUND.matcher(message);
            m.find();
            message = "exec: \"" + m.group(1) + "\": executable file not found in $PATH";
        } else if (CRUN_OPEN.matcher(message).lookingAt()) {
            // crun: "open executable: Permission denied" (a file without x, or a directory: EPERM);
            // runc and Docker say "exec: "/etc": permission denied" for both
            message = "exec: \"" + executable + "\": permission denied";
        } else if (message.isEmpty()) {
            message = runtime + " gave no reason";
        } else {
            message = message.replace("No such file or directory", "no such file or directory")
                    .replace("Permission denied", "permission denied");
            if (message.startsWith(runtime + ": ")) {
                message = message.substring(runtime.length() + 2);
            }
        }
        return "OCI runtime exec failed: exec failed: unable to start container process: " + message + ": unknown";
    }
}
