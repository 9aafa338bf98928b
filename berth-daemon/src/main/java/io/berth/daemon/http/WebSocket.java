package io.berth.daemon.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * RFC 6455 framing and handshake: what {@code GET /containers/{id}/attach/ws} needs of a
 * websocket server (the JDK has a websocket client only).
 */
public final class WebSocket {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    public static final int CLOSE_TOO_BIG = 1009;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocket() {}

    /** One frame; the payload is unmasked. */
    public record Frame(boolean fin, int opcode, boolean masked, byte[] payload) {
        public boolean control() {
            return (opcode & 0x8) != 0;
        }

        /** A close frame's status code; 1005 (none received) when it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
        }
    }

    /** A frame the peer should not have sent: the connection ends with the given close code. */
    public static final class ProtocolException extends IOException {
        private final int closeCode;

        public ProtocolException(int closeCode, String message) {
            super(message);
            this.closeCode = closeCode;
        }

        public int closeCode() {
            return closeCode;
        }
    }

    /** {@code Sec-WebSocket-Accept} for a client's {@code Sec-WebSocket-Key}. */
    public static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.strip() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /**
     * Reads one frame, unmasking it; null at a clean end of stream before a frame starts.
     *
     * @param maxPayload larger frames are refused with {@link #CLOSE_TOO_BIG}
     */
    public static Frame read(InputStream in, long maxPayload) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = readByte(in);
        if ((b0 & 0x70) != 0) {
            throw new ProtocolException(CLOSE_PROTOCOL_ERROR, "reserved bits set without an extension");
        }
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (long) readByte(in) << 8 | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | readByte(in);
            }
            if (length < 0) {
                throw new ProtocolException(CLOSE_PROTOCOL_ERROR, "negative frame length");
            }
        }
        if (opcode > 0xA || opcode > BINARY && opcode < CLOSE) {
            throw new ProtocolException(CLOSE_PROTOCOL_ERROR, "unknown opcode " + opcode);
        }
        if ((opcode & 0x8) != 0 && (!fin || length > 125)) {
            throw new ProtocolException(CLOSE_PROTOCOL_ERROR, "fragmented or long control frame");
        }
        if (length > maxPayload) {
            throw new ProtocolException(CLOSE_TOO_BIG, "frame of " + length + " bytes");
        }
        byte[] mask = masked ? in.readNBytes(4) : null;
        if (mask != null && mask.length < 4) {
            throw new EOFException("websocket frame cut short");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("websocket frame cut short");
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame(fin, opcode, masked, payload);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("websocket frame cut short");
        }
        return b;
    }

    /** The bytes of one frame; masked with {@code mask} (4 bytes) when it is not null, as a client sends. */
    public static byte[] encode(boolean fin, int opcode, byte[] data, int offset, int length, byte[] mask) {
        int header = 2 + (length < 126 ? 0 : length <= 0xffff ? 2 : 8) + (mask == null ? 0 : 4);
        byte[] frame = new byte[header + length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        int p = 1;
        int maskBit = mask == null ? 0 : 0x80;
        if (length < 126) {
            frame[p++] = (byte) (maskBit | length);
        } else if (length <= 0xffff) {
            frame[p++] = (byte) (maskBit | 126);
            frame[p++] = (byte) (length >>> 8);
            frame[p++] = (byte) length;
        } else {
            frame[p++] = (byte) (maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[p++] = (byte) ((long) length >>> shift);
            }
        }
        if (mask != null) {
            System.arraycopy(mask, 0, frame, p, 4);
            p += 4;
        }
        System.arraycopy(data, offset, frame, p, length);
        if (mask != null) {
            for (int i = 0; i < length; i++) {
                frame[p + i] ^= mask[i & 3];
            }
        }
        return frame;
    }

    /** A close frame's payload: the status code and a reason. */
    public static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, 123);
        byte[] payload = new byte[2 + n];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, n);
        return payload;
    }

    /** Writes one unmasked (server) frame. */
    public static void write(OutputStream out, boolean fin, int opcode, byte[] data, int offset, int length)
            throws IOException {
        out.write(encode(fin, opcode, data, offset, length, null));
    }
}
