package io.berth.client;

import io.berth.common.ConflictException;
import io.berth.common.ForbiddenException;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.common.NotImplementedException;
import io.berth.common.NotModifiedException;
import io.berth.common.UnauthorizedException;
import io.berth.common.UnavailableException;
import io.berth.common.http.Bodies;
import io.berth.common.http.HttpHead;
import io.berth.common.http.Headers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** HTTP/1.1 exchanges over the daemon's UNIX socket; one connection per exchange. */
public final class HttpTransport {
    private final Path socket;

    public HttpTransport(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /** A response whose body is still to be read; closing it closes the connection. */
    public record Reply(int status, Headers headers, InputStream body, SocketChannel channel) implements AutoCloseable {
        public byte[] bytes() {
            try (body) {
                return body.readAllBytes();
            } catch (IOException e) {
                throw new UnavailableException("reading the daemon's answer: " + e.getMessage(), e);
            }
        }

        public <T> T json(Class<T> type) {
            return Json.read(bytes(), type);
        }

        /** The raw connection after a hijack: what the daemon sends, and where the client writes. */
        public OutputStream output() {
            return Channels.newOutputStream(channel);
        }

        public void closeOutput() {
            try {
                channel.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** A request body: none, bytes, or a stream sent chunked. */
    public sealed interface Body {
        record None() implements Body {}

        record Bytes(String contentType, byte[] bytes) implements Body {}

        record Streamed(String contentType, InputStream in) implements Body {}

        /** A body produced by {@code writer} while it is sent (chunked), a tar made on the fly say. */
        record Written(String contentType, Writer writer) implements Body {}

        @FunctionalInterface
        interface Writer {
            void writeTo(OutputStream out) throws IOException;
        }

        static Body none() {
            return new None();
        }

        static Body json(Object value) {
            return new Bytes("application/json", Json.writeBytes(value));
        }
    }

    /** Sends a request and reads the response head; errors (status ≥ 400, and 304) become exceptions. */
    public Reply send(String method, String target, Body body, Headers extra) {
        Reply reply = exchange(method, target, body, extra, false);
        if (reply.status() >= 300) {
            throw error(reply);
        }
        return reply;
    }

    /** Like {@link #send}, asking the daemon to hijack the connection ({@code Upgrade: tcp}). */
    public Reply hijack(String method, String target, Body body) {
        var headers = new Headers().add("Connection", "Upgrade").add("Upgrade", "tcp");
        Reply reply = exchange(method, target, body, headers, true);
        if (reply.status() >= 300 && reply.status() != 101) {
            throw error(reply);
        }
        return reply;
    }

    private Reply exchange(String method, String target, Body body, Headers extra, boolean hijack) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new UnavailableException("Cannot connect to the Berth daemon at unix://" + socket
                    + ". Is the berth daemon running?", e);
        }
        try {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 65536);
            var headers = new Headers().add("Host", "berth").add("User-Agent", "berth-cli");
            headers.addAll(extra);
            switch (body) {
                case Body.None _ -> {
                    if (!method.equals("GET") && !method.equals("HEAD")) {
                        headers.add("Content-Length", "0");
                    }
                }
                case Body.Bytes b -> headers.add("Content-Type", b.contentType())
                        .add("Content-Length", Integer.toString(b.bytes().length));
                case Body.Streamed s -> headers.add("Content-Type", s.contentType()).add("Transfer-Encoding", "chunked");
                case Body.Written w -> headers.add("Content-Type", w.contentType()).add("Transfer-Encoding", "chunked");
            }
            new HttpHead(method + " " + target + " HTTP/1.1", headers).write(out);
            switch (body) {
                case Body.None _ -> { }
                case Body.Bytes b -> out.write(b.bytes());
                case Body.Streamed s -> {
                    var chunked = new Bodies.ChunkedOutputStream(out);
                    s.in().transferTo(chunked);
                    chunked.close();
                }
                case Body.Written w -> {
                    var chunked = new Bodies.ChunkedOutputStream(out);
                    w.writer().writeTo(chunked);
                    chunked.close();
                }
            }
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 65536);
            HttpHead head = HttpHead.read(in);
            if (head == null) {
                throw new UnavailableException("the daemon closed the connection without answering", null);
            }
            String[] status = head.startLine().split(" ", 3);
            int code = Integer.parseInt(status[1]);
            InputStream responseBody;
            if (code == 101 || (hijack && code == 200
                    && head.headers().first("Content-Type").orElse("").startsWith("application/vnd.docker"))) {
                responseBody = in;
            } else if (code == 204 || code == 304 || code < 200 || method.equals("HEAD")) {
                responseBody = InputStream.nullInputStream();
            } else {
                responseBody = Bodies.reader(head.headers(), in, true);
            }
            return new Reply(code, head.headers(), responseBody, channel);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the original failure matters
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new UnavailableException("talking to the daemon: " + e.getMessage(), e);
        }
    }

    /** Maps an error response to the exception kind the daemon threw. */
    static RuntimeException error(Reply reply) {
        String message;
        try (reply) {
            byte[] bytes = reply.body().readAllBytes();
            message = messageOf(bytes);
        } catch (IOException e) {
            message = "";
        }
        return switch (reply.status()) {
            case 304 -> new NotModifiedException(message);
            case 400 -> new InvalidArgumentException(message);
            case 401 -> new UnauthorizedException(message);
            case 403 -> new ForbiddenException(message);
            case 404 -> new NotFoundException(message);
            case 409 -> new ConflictException(message);
            case 501 -> new NotImplementedException(message);
            case 503 -> new UnavailableException(message, null);
            default -> new InternalException(message);
        };
    }

    private static String messageOf(byte[] bytes) {
        if (bytes.length == 0) {
            return "";
        }
        try {
            var node = Json.tree(bytes);
            if (node.has("message")) {
                return node.get("message").asText();
            }
        } catch (RuntimeException ignored) {
            // not JSON
        }
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }
}
