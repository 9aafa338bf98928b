package io.berth.cli.command.container;

import io.berth.cli.Terminal;
import io.berth.client.FrameDecoder;
import io.berth.client.HttpTransport;
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

    AttachedSession(HttpTransport.Reply connection, boolean tty, boolean sendStdin, InputStream stdin,
                    OutputStream stdout, OutputStream stderr) {
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
                try {
                    OutputStream out = connection.output();
                    int n;
                    while ((n = stdin.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
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
