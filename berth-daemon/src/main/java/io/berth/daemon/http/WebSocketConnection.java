package io.berth.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The server's end of an upgraded websocket connection. {@link #input()} is the bytes of the
 * client's data messages (text or binary, fragments joined) and ends at the client's close frame;
 * reading it answers pings and the close. Writes from several threads are serialized.
 */
public final class WebSocketConnection {
    /** Client frames larger than this end the connection (1009): stdin comes in small pieces. */
    static final long MAX_FRAME = 16L << 20;

    private final InputStream in;
    private final OutputStream out;
    private final int dataOpcode;
    private boolean closeSent;

    /** @param dataOpcode {@link WebSocket#TEXT} or {@link WebSocket#BINARY}, for what {@link #send} writes */
    public WebSocketConnection(InputStream in, OutputStream out, int dataOpcode) {
        this.in = in;
        this.out = out;
        this.dataOpcode = dataOpcode;
    }

    /** Sends bytes as one data message. */
    public synchronized void send(byte[] data, int offset, int length) throws IOException {
        if (closeSent) {
            throw new IOException("websocket closed");
        }
        WebSocket.write(out, true, dataOpcode, data, offset, length);
        out.flush();
    }

    /** Sends a close frame unless one was sent already. */
    public synchronized void close(int code, String reason) throws IOException {
        if (closeSent) {
            return;
        }
        closeSent = true;
        byte[] payload = WebSocket.closePayload(code, reason);
        WebSocket.write(out, true, WebSocket.CLOSE, payload, 0, payload.length);
        out.flush();
    }

    private synchronized void pong(byte[] payload) throws IOException {
        if (!closeSent) {
            WebSocket.write(out, true, WebSocket.PONG, payload, 0, payload.length);
            out.flush();
        }
    }

    /**
     * {@link #input()} read on a virtual thread of its own, which answers pings and the close until
     * the connection ends whether or not anyone reads the data: interrupting a reader of the returned
     * stream does not close the connection (as interrupting a read of the channel itself would), so a
     * close frame can still be sent. With {@code keep} false the data is dropped.
     */
    public InputStream pumpedInput(boolean keep) {
        var queue = new java.util.concurrent.LinkedBlockingQueue<byte[]>();
        byte[] end = new byte[0];
        InputStream source = input();
        Thread.ofVirtual().name("websocket-input").start(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = source.read(buffer)) > 0) {
                    if (keep) {
                        queue.add(java.util.Arrays.copyOf(buffer, n));
                    }
                }
            } catch (IOException e) {
                // the connection ended: the input ends
            } finally {
                queue.add(end);
            }
        });
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (current == end) {
                    return -1;
                }
                while (position == current.length) {
                    try {
                        current = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("websocket input interrupted");
                    }
                    position = 0;
                    if (current == end) {
                        return -1;
                    }
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** The client's data; end of stream at its close frame (answered) or when the connection ends. */
    public InputStream input() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean inMessage;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (position == current.length) {
                    if (ended || !next()) {
                        ended = true;
                        return -1;
                    }
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }

            /** Reads frames until one carries data; false at the end of the client's input. */
            private boolean next() throws IOException {
                while (true) {
                    WebSocket.Frame frame;
                    try {
                        frame = WebSocket.read(in, MAX_FRAME);
                        if (frame != null && !frame.masked()) {
                            throw new WebSocket.ProtocolException(WebSocket.CLOSE_PROTOCOL_ERROR,
                                    "client frames must be masked");
                        }
                        if (frame != null && !frame.control()) {
                            boolean continuation = frame.opcode() == WebSocket.CONTINUATION;
                            if (continuation != inMessage) {
                                throw new WebSocket.ProtocolException(WebSocket.CLOSE_PROTOCOL_ERROR,
                                        continuation ? "continuation without a message" : "message inside a message");
                            }
                            inMessage = !frame.fin();
                        }
                    } catch (WebSocket.ProtocolException e) {
                        WebSocketConnection.this.close(e.closeCode(), e.getMessage());
                        throw e;
                    }
                    if (frame == null) {
                        return false;
                    }
                    switch (frame.opcode()) {
                        case WebSocket.PING -> pong(frame.payload());
                        case WebSocket.PONG -> { }
                        case WebSocket.CLOSE -> {
                            WebSocketConnection.this.close(WebSocket.CLOSE_NORMAL, "");
                            return false;
                        }
                        default -> {
                            current = frame.payload();
                            position = 0;
                            if (current.length > 0) {
                                return true;
                            }
                        }
                    }
                }
            }
        };
    }
}
