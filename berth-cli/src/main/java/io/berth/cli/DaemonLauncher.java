package io.berth.cli;

import io.berth.client.BerthClient;
import io.berth.common.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts berthd when nothing answers on the default socket, so that the first command a new user
 * types just works. Only for the default socket, and only as root: a daemon for an explicit
 * {@code -H} is the user's to start.
 */
final class DaemonLauncher {
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private DaemonLauncher() {}

    static void ensureRunning(BerthClient client, boolean isDefaultSocket) {
        try {
            client.ping();
            return;
        } catch (UnavailableException e) {
            if (!isDefaultSocket || io.berth.common.linux.Linux.uid() != 0) {
                throw e;
            }
        }
        start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                client.ping();
                return;
            } catch (UnavailableException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw new UnavailableException("Cannot connect to the Berth daemon at unix://" + client.socket()
                + ": berthd did not start within " + STARTUP.toSeconds() + "s (see /var/log/berthd.log)", null);
    }

    /** Launches berthd in its own session, logging to /var/log/berthd.log. */
    private static void start() {
        var argv = new ArrayList<String>();
        String launcher = System.getProperty("berth.berthd");
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            argv.add(launcher);
        } else {
            argv.add(ProcessHandle.current().info().command().orElse("java"));
            argv.add("--enable-native-access=ALL-UNNAMED");
            argv.add("-cp");
            argv.add(System.getProperty("java.class.path"));
            argv.add("io.berth.daemon.Berthd");
        }
        var command = new ArrayList<String>(List.of("setsid"));
        command.addAll(argv);
        try {
            var log = Path.of("/var/log/berthd.log").toFile();
            new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UnavailableException("starting berthd: " + e.getMessage(), e);
        }
    }
}
