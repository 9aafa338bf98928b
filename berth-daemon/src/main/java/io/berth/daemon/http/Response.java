package io.berth.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** What a route answers; the server turns it into bytes on the wire. */
public sealed interface Response {
    /** A JSON document. */
    record Json(int status, Object body) implements Response {}

    /** A status without a body (204, 304, 201 with nothing to say). */
    record Empty(int status) implements Response {}

    /** A fixed body of some type, with any extra headers. */
    record Bytes(int status, String contentType, byte[] body, java.util.Map<String, String> extraHeaders)
            implements Response {
        public Bytes(int status, String contentType, byte[] body) {
            this(status, contentType, body, java.util.Map.of());
        }
    }

    /**
     * A body produced after the headers are sent (chunked): logs, wait, events, progress, tar exports.
     * With {@code interruptOnDisconnect} the server watches the connection while the body runs,
     * interrupts the body's thread when the client goes away (for streams that may wait for ever,
     * like events without {@code until}), and closes the connection after the stream.
     */
    record Stream(int status, String contentType, StreamBody body, boolean interruptOnDisconnect,
                  java.util.Map<String, String> extraHeaders) implements Response {
        public Stream(int status, String contentType, StreamBody body) {
            this(status, contentType, body, false);
        }

        public Stream(int status, String contentType, StreamBody body, boolean interruptOnDisconnect) {
            this(status, contentType, body, interruptOnDisconnect, java.util.Map.of());
        }
    }

    /** The connection becomes a raw stream after {@code 101 UPGRADED} (or 200 for clients that did not ask). */
    record Hijack(String contentType, HijackBody body) implements Response {}

    /**
     * A websocket upgrade ({@code 101 Switching Protocols} with the accept value for the client's
     * {@code Sec-WebSocket-Key}); the body then speaks frames on the connection (see {@link WebSocketConnection}).
     */
    record WebSocketUpgrade(String key, HijackBody body) implements Response {}

    @FunctionalInterface
    interface StreamBody {
        void writeTo(OutputStream out) throws IOException, InterruptedException;
    }

    @FunctionalInterface
    interface HijackBody {
        void run(InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    static Response json(Object body) {
        return new Json(200, body);
    }

    static Response created(Object body) {
        return new Json(201, body);
    }

    static Response noContent() {
        return new Empty(204);
    }

    static Response ok() {
        return new Empty(200);
    }
}
