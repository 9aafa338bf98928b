package io.berth.common.http;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Message bodies on a persistent connection: fixed length, chunked, or empty. */
public final class Bodies {
    private Bodies() {}

    /** The body a head announces; an absent length means an empty body (requests) or the rest of the stream. */
    public static InputStream reader(Headers headers, InputStream connection, boolean untilCloseIfUnframed)
            throws IOException {
        if (headers.hasToken("Transfer-Encoding", "chunked")) {
            return new ChunkedInputStream(connection);
        }
        var length = headers.first("Content-Length");
        if (length.isPresent()) {
            long n;
            try {
                n = Long.parseLong(length.get().strip());
            } catch (NumberFormatException e) {
                throw new HttpProtocolException("bad Content-Length");
            }
            if (n < 0) {
                throw new HttpProtocolException("bad Content-Length");
            }
            return new FixedLengthInputStream(connection, n);
        }
        return untilCloseIfUnframed ? new UnclosableInputStream(connection) : InputStream.nullInputStream();
    }

    /** Reads exactly {@code length} bytes, then reports end of stream; close() drains what is left. */
    public static final class FixedLengthInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        FixedLengthInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a body");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("connection closed inside a body");
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public void close() throws IOException {
            skipNBytes(remaining);
        }
    }

    /** Decodes {@code Transfer-Encoding: chunked}; close() drains to the last chunk. */
    public static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private long chunkRemaining;
        private boolean done;

        public ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        private boolean nextChunk() throws IOException {
            if (done) {
                return false;
            }
            if (chunkRemaining == 0) {
                String sizeLine = HttpHead.readLine(in, false);
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
                try {
                    chunkRemaining = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new HttpProtocolException("bad chunk size");
                }
                if (chunkRemaining < 0 || hex.startsWith("+")) {
                    throw new HttpProtocolException("bad chunk size");
                }
                if (chunkRemaining == 0) {
                    while (!HttpHead.readLine(in, false).isEmpty()) {
                        // trailer fields are ignored
                    }
                    done = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!nextChunk()) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, chunkRemaining));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkRemaining -= n;
            if (chunkRemaining == 0) {
                String crlf = HttpHead.readLine(in, false);
                if (!crlf.isEmpty()) {
                    throw new HttpProtocolException("missing CRLF after chunk");
                }
            }
            return n;
        }

        /** Bytes that can be read without blocking, roughly (a chunk header may stand in between). */
        @Override
        public int available() throws IOException {
            if (done) {
                return 0;
            }
            return (int) Math.min(in.available(), chunkRemaining == 0 ? Integer.MAX_VALUE : chunkRemaining);
        }

        @Override
        public void close() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // drain so the connection can carry the next message
            }
        }
    }

    /**
     * Encodes {@code Transfer-Encoding: chunked}; close() writes the last chunk but leaves the
     * connection open. What is written between two flushes goes out as one chunk (or several of
     * at most 8 KiB): clients that decode a JSON stream chunk by chunk (docker-py) need each
     * message and its line end in the same chunk, as Docker sends them.
     */
    public static final class ChunkedOutputStream extends FilterOutputStream {
        private final byte[] pending = new byte[8192];
        private int count;
        private boolean closed;

        public ChunkedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (count == pending.length) {
                emit();
            }
            pending[count++] = (byte) b;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            while (length > 0) {
                if (count == pending.length) {
                    emit();
                }
                int n = Math.min(length, pending.length - count);
                System.arraycopy(buffer, offset, pending, count, n);
                count += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            emit();
            out.flush();
        }

        private void emit() throws IOException {
            if (count == 0) {
                return;
            }
            out.write((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(pending, 0, count);
            out.write(CRLF);
            count = 0;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                emit();
                out.write(LAST_CHUNK);
                out.flush();
            }
        }

        private static final byte[] CRLF = {'\r', '\n'};
        private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The rest of a connection as a body; close() does not close the connection. */
    static final class UnclosableInputStream extends InputStream {
        private final InputStream in;

        UnclosableInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }
}
