package io.berth.runtime.conmon;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.InternalException;
import io.berth.common.Json;
import io.berth.common.linux.Linux;
import io.berth.common.linux.Spawn;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts conmon for a container and waits until the runtime has created it. conmon gets its sync
 * pipe as fd 3 ({@code _OCI_SYNCPIPE=3}), runs {@code <runtime> create}, forks into the background
 * and reports {@code {"data": <pid>}} (or a negative value and a message) on the pipe.
 */
public final class Conmon {
    private static final Map<String, String> ENV = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "_OCI_SYNCPIPE", "3");
    private static final Map<String, String> EXEC_ENV = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "_OCI_SYNCPIPE", "3",
            "_OCI_STARTPIPE", "4",
            "_OCI_ATTACHPIPE", "5");

    private final Path binary;

    public Conmon(Path binary) {
        this.binary = binary;
    }

    public Path binary() {
        return binary;
    }

    /** The container was created: its init process waits for {@code start}. */
    public record Created(long pid) {}

    /** The runtime could not create the container; the message is the runtime's. */
    public static final class CreateFailedException extends RuntimeException {
        public CreateFailedException(String message) {
            super(message);
        }
    }

    public Created create(ConmonCommand command, Duration timeout) {
        int[] pipe = Linux.pipe();
        long pid;
        InputStream sync;
        try {
            sync = new FileInputStream("/proc/self/fd/" + pipe[0]);
        } catch (IOException e) {
            Linux.close(pipe[0]);
            Linux.close(pipe[1]);
            throw new InternalException("opening conmon's sync pipe", e);
        }
        Linux.close(pipe[0]); // the stream above holds its own descriptor of the pipe
        try {
            try {
                pid = Spawn.start(command.argv(), ENV, List.of(pipe[1]));
            } finally {
                Linux.close(pipe[1]);
            }
            reapInBackground(pid);
            String line = readLine(sync, timeout);
            if (line == null) {
                throw new CreateFailedException("conmon exited without reporting the container (see the daemon log)");
            }
            JsonNode reply = Json.tree(line.getBytes(StandardCharsets.UTF_8));
            long data = reply.path("data").asLong(-1);
            if (data <= 0) {
                String message = reply.path("message").asText("");
                throw new CreateFailedException(message.isEmpty() ? "conmon failed to create the container" : message.strip());
            }
            return new Created(data);
        } finally {
            try {
                sync.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /**
     * Starts conmon for an exec session and returns once its attach socket is ready; the process
     * itself waits for {@link ExecMonitor#start}. conmon gets its sync, start and attach pipes as
     * fds 3, 4 and 5 (see {@link ExecMonitor}).
     */
    public ExecMonitor exec(ConmonExecCommand command, Duration timeout) {
        int[] sync = Linux.pipe();
        int[] start = Linux.pipe();
        int[] attach = Linux.pipe();
        InputStream syncIn;
        InputStream attachIn;
        try {
            syncIn = new FileInputStream("/proc/self/fd/" + sync[0]);
            attachIn = new FileInputStream("/proc/self/fd/" + attach[0]);
        } catch (IOException e) {
            for (int fd : new int[] {sync[0], sync[1], start[0], start[1], attach[0], attach[1]}) {
                Linux.close(fd);
            }
            throw new InternalException("opening conmon's pipes", e);
        }
        Linux.close(sync[0]); // the streams above hold their own descriptors of the pipes
        Linux.close(attach[0]);
        var monitor = new ExecMonitor(syncIn, attachIn, start[1], command.conmonPidFile());
        try {
            try {
                long pid = Spawn.start(command.argv(), EXEC_ENV, List.of(sync[1], start[0], attach[1]));
                reapInBackground(pid);
            } finally {
                Linux.close(sync[1]);
                Linux.close(start[0]);
                Linux.close(attach[1]);
            }
            monitor.signal(); // conmon waits for this one before it forks
            monitor.awaitReady(timeout);
            return monitor;
        } catch (RuntimeException e) {
            monitor.abandon();
            throw e;
        }
    }

    /** conmon's first process exits as soon as it has forked; reap it so it leaves no zombie. */
    private static void reapInBackground(long pid) {
        Thread.ofPlatform().daemon().name("conmon-reap-" + pid).start(() -> Linux.waitpid(pid, 0));
    }

    /** One line from a pipe of conmon's, or null at its end; waits at most {@code timeout}. */
    static String readLine(InputStream in, Duration timeout) {
        var future = new CompletableFuture<String>();
        Thread.ofPlatform().daemon().name("conmon-sync").start(() -> {
            try {
                var line = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    line.append((char) b);
                }
                future.complete(line.isEmpty() && b < 0 ? null : line.toString());
            } catch (IOException e) {
                future.complete(null);
            }
        });
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new InternalException("conmon did not report the container within " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw new InternalException("reading conmon's sync pipe", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while waiting for conmon", e);
        }
    }
}
