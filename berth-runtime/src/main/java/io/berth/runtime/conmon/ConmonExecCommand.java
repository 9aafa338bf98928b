package io.berth.runtime.conmon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * conmon's command line for one exec session ({@code --exec --exec-attach}): the runtime's
 * {@code exec} of {@code processSpec} in container {@code containerId}, monitored like the
 * container. Everything conmon makes for the session lives in {@code execDir} (its bundle: pid
 * files, the control FIFO, the attach socket, the exit file); the attach socket is reached through
 * {@code <socketDir>/<sessionId>}. The output is not logged (Docker keeps no log of exec output): a
 * client reads it through the attach socket or it is dropped.
 */
public record ConmonExecCommand(Path conmon, String containerId, String sessionId, String name, Path runtime,
                                List<String> runtimeArgs, Path execDir, Path processSpec, Path socketDir,
                                boolean terminal, boolean stdin) {
    public ConmonExecCommand {
        runtimeArgs = List.copyOf(runtimeArgs);
    }

    public Path pidFile() {
        return execDir.resolve("pid");
    }

    public Path conmonPidFile() {
        return execDir.resolve("conmon.pid");
    }

    /** conmon names the exit file after the container: each session needs a directory of its own. */
    public Path exitDir() {
        return execDir.resolve("exits");
    }

    public List<String> argv() {
        var argv = new ArrayList<>(List.of(
                conmon.toString(),
                "--api-version", "1",
                "--cid", containerId,
                "--cuuid", sessionId,
                "--name", name,
                "--runtime", runtime.toString(),
                "--bundle", execDir.toString(),
                "--container-pidfile", pidFile().toString(),
                "--conmon-pidfile", conmonPidFile().toString(),
                "--log-path", "none",
                "--exit-dir", exitDir().toString(),
                "--socket-dir-path", socketDir.toString(),
                "--log-level", "error",
                "--no-sync-log"));
        for (String arg : runtimeArgs) {
            argv.add("--runtime-arg");
            argv.add(arg);
        }
        argv.add("--exec");
        argv.add("--exec-attach");
        argv.add("--exec-process-spec");
        argv.add(processSpec.toString());
        if (terminal) {
            argv.add("--terminal");
        }
        if (stdin) {
            argv.add("--stdin");
        }
        return List.copyOf(argv);
    }
}
