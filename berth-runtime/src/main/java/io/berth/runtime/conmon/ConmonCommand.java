package io.berth.runtime.conmon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** conmon's command line for one container, from named fields. */
public record ConmonCommand(Path conmon, String containerId, String shortId, String name, Path runtime,
                            List<String> runtimeArgs, Path bundle, ConmonLog log,
                            Path exitDir, Path socketDir, boolean terminal, boolean stdin, boolean leaveStdinOpen) {
    public ConmonCommand {
        runtimeArgs = List.copyOf(runtimeArgs);
    }

    public Path pidFile() {
        return bundle.resolve("pid");
    }

    public Path conmonPidFile() {
        return bundle.resolve("conmon.pid");
    }

    public List<String> argv() {
        var argv = new ArrayList<>(List.of(
                conmon.toString(),
                "--api-version", "1",
                "--cid", containerId,
                "--cuuid", shortId,
                "--name", name,
                "--runtime", runtime.toString(),
                "--bundle", bundle.toString(),
                "--container-pidfile", pidFile().toString(),
                "--conmon-pidfile", conmonPidFile().toString(),
                "--log-path", log.logPath(),
                "--exit-dir", exitDir.toString(),
                "--socket-dir-path", socketDir.toString(),
                "--log-level", "error",
                // conmon would sync(2) every filesystem when the container exits; the log survives a
                // crash of berthd or conmon without it (only a power failure can lose its tail)
                "--no-sync-log"));
        for (String arg : runtimeArgs) {
            argv.add("--runtime-arg");
            argv.add(arg);
        }
        log.sizeMax().ifPresent(max -> {
            argv.add("--log-size-max");
            argv.add(Long.toString(max));
        });
        if (terminal) {
            argv.add("--terminal");
        }
        if (stdin) {
            argv.add("--stdin");
        }
        if (leaveStdinOpen) {
            argv.add("--leave-stdin-open");
        }
        return List.copyOf(argv);
    }
}
