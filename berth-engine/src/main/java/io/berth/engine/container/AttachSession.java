package io.berth.engine.container;

import io.berth.api.model.AttachOptions;
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

    public AttachSession(AttachSocket socket, AttachOptions options, InputStream stdin, OutputSink out) {
        this.socket = socket;
        this.options = options;
        this.stdin = stdin;
        this.out = out;
    }

    public void run() throws InterruptedException {
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
        try {
            int n;
            while ((n = stdin.read(buffer)) > 0) {
                socket.write(buffer, 0, n);
            }
            socket.closeInput();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "attach input ended: {0}", e.getMessage());
        }
    }
}
