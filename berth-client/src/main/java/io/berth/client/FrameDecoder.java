package io.berth.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Splits Docker's 8-byte multiplexed frames into stdout and stderr; with a TTY the stream is raw. */
public final class FrameDecoder {
    private FrameDecoder() {}

    public static void copy(InputStream in, OutputStream stdout, OutputStream stderr, boolean raw) throws IOException {
        if (raw) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                stdout.write(buffer, 0, n);
                stdout.flush();
            }
            return;
        }
        byte[] header = new byte[8];
        byte[] buffer = new byte[32768];
        OutputStream last = null;
        while (true) {
            int read = in.readNBytes(header, 0, 8);
            if (read == 0) {
                stdout.flush();
                stderr.flush();
                return;
            }
            if (read < 8) {
                throw new EOFException("truncated stream frame");
            }
            int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            OutputStream target = header[0] == 2 ? stderr : stdout;
            if (target != last && last != null) {
                last.flush(); // keeps stdout and stderr in order when both are buffered
            }
            last = target;
            while (size > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, size));
                if (n < 0) {
                    throw new EOFException("truncated stream frame");
                }
                target.write(buffer, 0, n);
                size -= n;
            }
            if (in.available() == 0) { // flush before waiting for more, not after every frame
                stdout.flush();
                stderr.flush();
            }
        }
    }
}
