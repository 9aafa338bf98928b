package io.berth.engine.container;

import io.berth.api.model.AttachOptions;
import io.berth.common.DetachKeys;
import io.berth.runtime.conmon.AttachSocket;
import java.io.IOException;
import java.io.InputStream;

/**
 * One attached client: conmon's output packets to the client, the client's input to conmon. The
 * socket is read on a platform thread (the read is a native call that would pin a virtual
 * thread's carrier); the caller waits for it. Used for containers and for exec sessions alike.
 */
public final class AttachSession {
    private static final System.Logger LOG = System.getLogger(AttachSession.class.getName());

    private final AttachSocket socket;
    private final AttachOptions options;
    private final InputStream stdin;
    private final OutputSink out;
    private final byte[] detachKeys;
    private final boolean inputEndLetsGo;
    private volatile boolean detached;

    public AttachSession(AttachSocket socket, AttachOptions options, InputStream stdin, OutputSink out) {
        this(socket, options, stdin, out, null);
    }

    /**
     * @param detachKeys the key sequence that ends the session and leaves the process running
     *     (Docker looks for it only with a terminal); null for none
     */
    public AttachSession(AttachSocket socket, AttachOptions options, InputStream stdin, OutputSink out,
                         byte[] detachKeys) {
        this(socket, options, stdin, out, detachKeys, false);
    }

    /**
     * @param inputEndLetsGo whether the end of the client's input ends the whole session, the
     *     process running on (moby's attach with a TTY or without {@code StdinOnce}); otherwise it
     *     only closes the process's input
     */
    public AttachSession(AttachSocket socket, AttachOptions options, InputStream stdin, OutputSink out,
                         byte[] detachKeys, boolean inputEndLetsGo) {
        this.inputEndLetsGo = inputEndLetsGo;
        this.socket = socket;
        this.options = options;
        this.stdin = stdin;
        this.out = out;
        this.detachKeys = detachKeys == null || detachKeys.length == 0 ? null : detachKeys.clone();
    }

    /**
     * Copies until the output ends or the client lets go (types the detach keys, or ends its input
     * when that ends the session); true for the latter.
     */
    public boolean run() throws InterruptedException {
        Thread input = null;
        if (options.stdin() && stdin != null) {
            input = Thread.ofVirtual().name("attach-stdin").start(this::copyInput);
        }
        Thread output = Thread.ofPlatform().daemon().name("attach-output").start(this::copyOutput);
        try {
            output.join();
        } finally {
            socket.close();
            if (input != null) {
                input.interrupt();
            }
        }
        return detached;
    }

    private void copyOutput() {
        try {
            AttachSocket.Packet packet;
            while ((packet = socket.read()) != null) {
                int stream = packet.stream() == AttachSocket.STDERR ? OutputSink.STDERR : OutputSink.STDOUT;
                if (stream == OutputSink.STDOUT && !options.stdout() || stream == OutputSink.STDERR && !options.stderr()) {
                    continue;
                }
                out.write(stream, packet.data(), 0, packet.data().length);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "attach output ended: {0}", e.getMessage());
        }
    }

    private void copyInput() {
        byte[] buffer = new byte[8192];
        var matcher = detachKeys == null ? null : new DetachKeys.Matcher(detachKeys);
        try {
            int n;
            while ((n = stdin.read(buffer)) > 0) {
                if (matcher == null) {
                    socket.write(buffer, 0, n);
                    continue;
                }
                var forward = new java.io.ByteArrayOutputStream(n);
                if (matcher.feed(buffer, n, forward)) {
                    byte[] rest = forward.toByteArray();
                    socket.write(rest, 0, rest.length);
                    detached = true;
                    socket.close(); // ends the output side: the client is let go, the process runs on
                    return;
                }
                byte[] bytes = forward.toByteArray();
                socket.write(bytes, 0, bytes.length);
            }
            if (inputEndLetsGo) {
                detached = true;
                socket.close(); // the client went away: its session ends, the process keeps its input
                return;
            }
            socket.closeInput();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "attach input ended: {0}", e.getMessage());
        }
    }
}
