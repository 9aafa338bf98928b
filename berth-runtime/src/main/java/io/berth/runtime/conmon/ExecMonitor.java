package io.berth.runtime.conmon;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.InternalException;
import io.berth.common.Json;
import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Linux;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The parent's end of conmon's exec protocol (conmon 2.x, {@code --api-version 1 --exec --exec-attach}),
 * over three pipes:
 * <ol>
 * <li>start pipe (ours to write): conmon waits for a first message before it forks (a caller would
 *     move it to a cgroup meanwhile), and its runtime child waits for a second before it runs
 *     {@code <runtime> exec}: the caller connects to the attach socket in between, so no output is lost;</li>
 * <li>attach pipe: {@code {"data": 0}} once the attach socket and the control FIFO exist;</li>
 * <li>sync pipe: {@code {"data": <pid>}} once the process runs (or a negative value and the
 *     runtime's message), then {@code {"data": <exit status>}} when it has exited and its output is drained.</li>
 * </ol>
 * Reads block: the exit is awaited on a platform thread.
 */
public final class ExecMonitor implements AutoCloseable {
    private final InputStream sync;
    private final InputStream attach;
    private final int startPipe;
    private final Path conmonPidFile;
    private boolean closed;

    ExecMonitor(InputStream sync, InputStream attach, int startPipe, Path conmonPidFile) {
        this.sync = sync;
        this.attach = attach;
        this.startPipe = startPipe;
        this.conmonPidFile = conmonPidFile;
    }

    /** Sends one message down the start pipe. */
    void signal() {
        try {
            Linux.write(startPipe, new byte[] {'0'}, 0, 1);
        } catch (ErrnoException e) {
            throw new InternalException("conmon exited before the exec started (see the daemon log)", e);
        }
    }

    /** Waits for conmon's "attach socket ready". */
    void awaitReady(Duration timeout) {
        String line = Conmon.readLine(attach, timeout);
        if (line == null) {
            throw new Conmon.CreateFailedException("conmon exited before its attach socket was ready");
        }
    }

    /**
     * Lets the runtime run the process; returns its pid. A process that could not be started is a
     * {@link Conmon.CreateFailedException} with the runtime's message (empty when it gave none).
     */
    public long start(Duration timeout) {
        signal();
        String line = Conmon.readLine(sync, timeout);
        if (line == null) {
            throw new Conmon.CreateFailedException("");
        }
        JsonNode reply = Json.tree(line.getBytes(StandardCharsets.UTF_8));
        long data = reply.path("data").asLong(-1);
        if (data <= 0) {
            throw new Conmon.CreateFailedException(reply.path("message").asText("").strip());
        }
        return data;
    }

    /** Blocks until the process has exited; empty when conmon went away without saying how it ended. */
    public OptionalInt awaitExit() {
        try {
            var line = new StringBuilder();
            int b;
            while ((b = sync.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            if (line.isEmpty()) {
                return OptionalInt.empty();
            }
            JsonNode reply = Json.tree(line.toString().getBytes(StandardCharsets.UTF_8));
            return reply.path("data").isIntegralNumber() ? OptionalInt.of(reply.path("data").asInt())
                    : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Gives up on a session that was not started: conmon is killed (its runtime child dies with it),
     * since closing the start pipe alone would let it run the process.
     */
    public void abandon() {
        try {
            long pid = Long.parseLong(Files.readString(conmonPidFile).strip());
            Linux.kill(pid, 9);
        } catch (IOException | NumberFormatException | ErrnoException e) {
            // gone already
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Linux.close(startPipe);
        try {
            sync.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            attach.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
