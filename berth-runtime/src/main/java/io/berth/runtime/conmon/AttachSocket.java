package io.berth.runtime.conmon;

import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Linux;
import java.nio.file.Path;

/**
 * A connection to conmon's attach socket ({@code SOCK_SEQPACKET}). Each packet from conmon is one
 * byte naming the stream (2 = stdout, 3 = stderr) followed by the data; what is written goes to the
 * container's stdin. Reads block: call {@link #read} from a platform thread.
 */
public final class AttachSocket implements AutoCloseable {
    public static final int STDOUT = 2;
    public static final int STDERR = 3;
    private static final int PACKET = 8192 + 1;

    private final int fd;
    private volatile boolean closed;

    private AttachSocket(int fd) {
        this.fd = fd;
    }

    /** Connects to {@code <socketDir>/<shortId>/attach}. */
    public static AttachSocket connect(Path socketDir, String shortId) {
        return new AttachSocket(Linux.connectSeqPacket(socketDir.resolve(shortId).resolve("attach").toString()));
    }

    /** One packet of output. */
    public record Packet(int stream, byte[] data) {}

    /** The next packet, or null at end of stream (the container's output closed, or this socket). */
    public Packet read() {
        byte[] buffer = new byte[PACKET];
        while (true) {
            int n;
            try {
                n = Linux.read(fd, buffer, 0, buffer.length);
            } catch (ErrnoException e) {
                if (closed) {
                    return null;
                }
                throw e;
            }
            if (n <= 0) {
                return null;
            }
            if (n == 1) {
                continue;
            }
            byte[] data = new byte[n - 1];
            System.arraycopy(buffer, 1, data, 0, n - 1);
            return new Packet(buffer[0], data);
        }
    }

    public void write(byte[] data, int offset, int length) {
        int done = 0;
        while (done < length) {
            int chunk = Math.min(8192, length - done);
            Linux.write(fd, data, offset + done, chunk);
            done += chunk;
        }
    }

    /** Tells conmon this client has no more input (conmon closes stdin unless told to leave it open). */
    public void closeInput() {
        try {
            Linux.shutdown(fd, Linux.SHUT_WR);
        } catch (ErrnoException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                Linux.shutdown(fd, 2);
            } catch (ErrnoException ignored) {
                // not connected any more
            }
            Linux.close(fd);
        }
    }
}
