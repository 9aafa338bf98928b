package io.berth.cli.command.container;

import io.berth.cli.Terminal;
import io.berth.client.FrameDecoder;
import io.berth.client.HttpTransport;
import io.berth.common.DetachKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The client end of an attach: the hijacked connection's output to our stdout/stderr
 * (demultiplexed unless the container has a TTY), our stdin to the connection (half-closing it at
 * the end of input), and raw mode on our terminal while a TTY session lasts.
 */
final class AttachedSession implements AutoCloseable {
    private final HttpTransport.Reply connection;
    private final boolean tty;
    private final Thread output;
    private Optional<String> savedTerminal = Optional.empty();
    private volatile IOException outputFailure;

    private volatile boolean detached;

    AttachedSession(HttpTransport.Reply connection, boolean tty, boolean sendStdin, InputStream stdin,
                    OutputStream stdout, OutputStream stderr) {
        this(connection, tty, sendStdin, stdin, stdout, stderr, Optional.empty());
    }

    /**
     * @param detachKeys the client's detach sequence (docker's {@code --detach-keys}); with a TTY
     *     the session watches for it (default ctrl-p ctrl-q), as the docker CLI does
     */
    AttachedSession(HttpTransport.Reply connection, boolean tty, boolean sendStdin, InputStream stdin,
                    OutputStream stdout, OutputStream stderr, Optional<String> detachKeys) {
        this.connection = connection;
        this.tty = tty;
        if (tty && sendStdin && Terminal.stdinIsTerminal()) {
            savedTerminal = Terminal.makeRaw();
        }
        this.output = Thread.ofPlatform().daemon().name("attach-out").start(() -> {
            try {
                FrameDecoder.copy(connection.body(), stdout, stderr, tty);
            } catch (IOException e) {
                outputFailure = e;
            }
        });
        if (sendStdin) {
            Thread.ofPlatform().daemon().name("attach-in").start(() -> {
                byte[] buffer = new byte[8192];
                var matcher = tty ? new DetachKeys.Matcher(keys(detachKeys)) : null;
                try {
                    OutputStream out = connection.output();
                    int n;
                    while ((n = stdin.read(buffer)) > 0) {
                        if (matcher == null) {
                            out.write(buffer, 0, n);
                        } else {
                            var forward = new java.io.ByteArrayOutputStream(n);
                            boolean done = matcher.feed(buffer, n, forward);
                            forward.writeTo(out);
                            if (done) {
                                out.flush();
                                detached = true;
                                Terminal.restore(savedTerminal);
                                connection.close(); // the output side ends: the command returns, the container runs on
                                return;
                            }
                        }
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // the container went away; the output side reports
                } finally {
                    connection.closeOutput();
                }
            });
        }
    }

    /** The client's keys: docker's warning and default for ones it cannot read. */
    private static byte[] keys(Optional<String> detachKeys) {
        if (detachKeys.isEmpty() || detachKeys.get().isEmpty()) {
            return DetachKeys.DEFAULT;
        }
        try {
            return DetachKeys.parse(detachKeys.get());
        } catch (io.berth.common.InvalidArgumentException e) {
            return DetachKeys.DEFAULT;
        }
    }

    /** Whether the user typed the detach keys (the output ended because of them). */
    boolean detached() {
        return detached;
    }

    /** Waits until the container's output ends. */
    void awaitOutput() throws InterruptedException {
        output.join();
    }

    @Override
    public void close() {
        Terminal.restore(savedTerminal);
        connection.close();
    }

    boolean tty() {
        return tty;
    }

    Optional<IOException> failure() {
        return Optional.ofNullable(outputFailure);
    }
}
