package io.berth.daemon.routes;

import io.berth.engine.container.OutputSink;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Output for a client: Docker's 8-byte multiplexed frames ({@code [stream, 0, 0, 0, size (big-endian)]}
 * then the bytes) without a TTY, raw bytes with one.
 */
final class Frames implements OutputSink {
    private final OutputStream out;
    private final boolean raw;

    Frames(OutputStream out, boolean raw) {
        this.out = out;
        this.raw = raw;
    }

    @Override
    public synchronized void write(int stream, byte[] data, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        if (raw) {
            out.write(data, offset, length);
            return;
        }
        byte[] frame = new byte[8 + length];
        frame[0] = (byte) stream;
        frame[4] = (byte) (length >>> 24);
        frame[5] = (byte) (length >>> 16);
        frame[6] = (byte) (length >>> 8);
        frame[7] = (byte) length;
        System.arraycopy(data, offset, frame, 8, length);
        out.write(frame);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }
}
