package io.berth.daemon.http;

import io.berth.api.model.DockerApi;
import io.berth.common.BerthException;
import io.berth.common.InternalException;
import io.berth.common.Json;
import io.berth.common.http.Bodies;
import io.berth.common.http.HttpHead;
import io.berth.common.http.HttpProtocolException;
import io.berth.common.http.Headers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 on a UNIX socket (or, for metrics, TCP): one virtual thread per connection, requests served in order on it
 * (keep-alive), the route's {@link Response} written by {@link #write}.
 */
public final class HttpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());
    private static final String SERVER = "Docker/" + DockerApi.ENGINE_VERSION + " (linux)";
    /** HTTP's IMF-fixdate, as Go writes it: a two-digit day ({@code RFC_1123_DATE_TIME} drops the zero). */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    private final Router router;
    private final ServerSocketChannel channel;
    private final Path socket;
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean closed;

    private HttpServer(Router router, ServerSocketChannel channel, Path socket) {
        this.router = router;
        this.channel = channel;
        this.socket = socket;
    }

    /** Binds the socket (replacing a stale one) with mode 0660. */
    public static HttpServer bindUnix(Path socket, Router router) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        var channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(socket), 256);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        try {
            // members of the `berth` group may use the socket, as members of `docker` may use Docker's
            var group = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("berth");
            Files.getFileAttributeView(socket, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            // no such group: root only
        }
        return new HttpServer(router, channel, socket);
    }

    /** Binds a TCP address (the metrics endpoint: plain HTTP, no TLS). */
    public static HttpServer bindTcp(java.net.InetSocketAddress address, Router router) throws IOException {
        var channel = ServerSocketChannel.open();
        channel.bind(address, 64);
        return new HttpServer(router, channel, null);
    }

    /** Where a TCP server listens (its port when bound to port 0). */
    public java.net.SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new InternalException("reading the server's address", e);
        }
    }

    /** Accepts connections until closed (call from the thread that should own the accept loop). */
    public void serve() {
        while (!closed) {
            SocketChannel connection;
            try {
                connection = channel.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.ERROR, "accept failed: " + e.getMessage());
                }
                return;
            }
            Thread.ofVirtual().name("conn-", requests.get()).start(() -> serveConnection(connection));
        }
    }

    private void serveConnection(SocketChannel connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(connection), 16384);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(connection), 16384);
            while (true) {
                HttpHead head = HttpHead.read(in);
                if (head == null) {
                    return;
                }
                boolean keepAlive = serveOne(head, in, out, connection);
                if (!keepAlive) {
                    return;
                }
            }
        } catch (HttpProtocolException e) {
            LOG.log(System.Logger.Level.DEBUG, "bad request on connection: " + e.getMessage());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection ended: " + e.getMessage());
        }
    }

    /** Serves one request; returns whether the connection may carry another. */
    private boolean serveOne(HttpHead head, InputStream in, OutputStream out, SocketChannel connection)
            throws IOException {
        String[] start = head.startLine().split(" ");
        if (start.length != 3 || !start[2].startsWith("HTTP/1.")) {
            writeError(out, 400, "malformed request line", false);
            return false;
        }
        String method = start[0];
        String target = start[1];
        String id = Long.toString(requests.incrementAndGet());
        InputStream body = Bodies.reader(head.headers(), in, false);
        boolean keepAlive = !head.headers().hasToken("Connection", "close") && start[2].equals("HTTP/1.1");
        Response response;
        Request request = null;
        try {
            request = parse(method, target, head.headers(), body, id);
            Route route = router.find(request);
            LOG.log(System.Logger.Level.DEBUG, "{0} {1} req={2}", method, target, id);
            response = route.handle(request);
        } catch (BerthException e) {
            response = error(e, method, target, id);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "internal error req=" + id + " " + method + " " + target, e);
            response = new Response.Json(500, Map.of("message", "internal error, see daemon log (request " + id + ")"));
        }
        return write(response, request, head.headers(), method, body, in, out, keepAlive, id);
    }

    private static Response error(BerthException e, String method, String target, String id) {
        int status = ErrorMapper.status(e);
        if (status >= 500) {
            LOG.log(System.Logger.Level.ERROR, "request failed req=" + id + " " + method + " " + target, e);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "request failed req={0} status={1} {2}", id, status, e.getMessage());
        }
        if (status == 304) {
            return new Response.Empty(304);
        }
        return new Response.Json(status, Map.of("message", e.getMessage() == null ? "" : e.getMessage()));
    }

    private static Request parse(String method, String target, Headers headers, InputStream body, String id) {
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String path = PathCodec.decode(rawPath, false);
        ApiVersion version = ApiVersion.MAX;
        if (path.startsWith("/v") && path.length() > 2 && Character.isDigit(path.charAt(2))) {
            int slash = path.indexOf('/', 1);
            String v = slash < 0 ? path.substring(2) : path.substring(2, slash);
            version = ApiVersion.parse(v).checkSupported();
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return new Request(method, path, PathCodec.query(q < 0 ? "" : target.substring(q + 1)), headers, body,
                version, id);
    }

    private boolean write(Response response, Request request, Headers requestHeaders, String method, InputStream body,
                          InputStream in, OutputStream out, boolean keepAlive, String id) throws IOException {
        boolean head = method.equals("HEAD");
        switch (response) {
            case Response.Json json -> {
                byte[] bytes = Json.writeBytes(json.body());
                byte[] withNewline = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
                withNewline[bytes.length] = '\n';
                writeFixed(out, json.status(), "application/json", withNewline, head, keepAlive, Map.of());
            }
            case Response.Bytes bytes -> writeFixed(out, bytes.status(), bytes.contentType(), bytes.body(), head,
                    keepAlive, bytes.extraHeaders());
            case Response.Empty empty -> {
                var headers = commonHeaders();
                if (empty.status() != 204 && empty.status() != 304) {
                    headers.add("Content-Length", "0");
                }
                if (!keepAlive) {
                    headers.add("Connection", "close");
                }
                new HttpHead(statusLine(empty.status()), headers).write(out);
                out.flush();
            }
            case Response.Stream stream -> {
                var headers = commonHeaders();
                stream.extraHeaders().forEach(headers::add);
                headers.add("Content-Type", stream.contentType());
                headers.add("Transfer-Encoding", "chunked");
                if (stream.interruptOnDisconnect()) {
                    headers.add("Connection", "close");
                }
                new HttpHead(statusLine(stream.status()), headers).write(out);
                out.flush();
                var chunked = new Bodies.ChunkedOutputStream(out);
                var watch = stream.interruptOnDisconnect() ? DisconnectWatch.start(in, id) : null;
                try {
                    stream.body().writeTo(chunked);
                    chunked.close();
                    out.flush();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "stream ended req={0}: {1}", id, e.getMessage());
                    return false;
                } finally {
                    if (watch != null) {
                        watch.stop();
                    }
                }
                if (watch != null) {
                    return false; // the watch read from the connection: it carries nothing more
                }
            }
            case Response.Hijack hijack -> {
                body.close();
                boolean upgrade = requestHeaders.hasToken("Connection", "upgrade")
                        && requestHeaders.first("Upgrade").isPresent();
                var headers = new Headers();
                headers.add("Content-Type", hijack.contentType());
                if (upgrade) {
                    headers.add("Connection", "Upgrade");
                    headers.add("Upgrade", "tcp");
                    new HttpHead("HTTP/1.1 101 UPGRADED", headers).write(out);
                } else {
                    headers.addAll(commonHeaders());
                    new HttpHead("HTTP/1.1 200 OK", headers).write(out);
                }
                out.flush();
                try {
                    hijack.body().run(in, out);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "hijacked stream ended req={0}: {1}", id, e.getMessage());
                }
                out.flush();
                return false;
            }
            case Response.WebSocketUpgrade upgrade -> {
                body.close();
                var headers = new Headers()
                        .add("Upgrade", "websocket")
                        .add("Connection", "Upgrade")
                        .add("Sec-WebSocket-Accept", WebSocket.accept(upgrade.key()));
                new HttpHead(statusLine(101), headers).write(out);
                out.flush();
                try {
                    upgrade.body().run(in, out);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "websocket ended req={0}: {1}", id, e.getMessage());
                }
                out.flush();
                return false;
            }
        }
        body.close(); // drain what the route did not read, so the next request starts at its head
        return keepAlive;
    }

    private static void writeFixed(OutputStream out, int status, String contentType, byte[] body, boolean head,
                                   boolean keepAlive, Map<String, String> extra) throws IOException {
        var headers = commonHeaders();
        extra.forEach(headers::add);
        headers.add("Content-Type", contentType);
        headers.add("Content-Length", Integer.toString(body.length));
        if (!keepAlive) {
            headers.add("Connection", "close");
        }
        new HttpHead(statusLine(status), headers).write(out);
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static void writeError(OutputStream out, int status, String message, boolean keepAlive)
            throws IOException {
        writeFixed(out, status, "application/json",
                (Json.write(Map.of("message", message)) + "\n").getBytes(StandardCharsets.UTF_8), false, keepAlive,
                Map.of());
    }

    static Headers commonHeaders() {
        return new Headers()
                .add("Api-Version", DockerApi.API_VERSION)
                .add("Docker-Experimental", "false")
                .add("Ostype", "linux")
                .add("Server", SERVER)
                .add("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    static String statusLine(int status) {
        return "HTTP/1.1 " + status + " " + reason(status);
    }

    private static String reason(int status) {
        return switch (status) {
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** The UNIX socket's path; null for a TCP server. */
    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new InternalException("closing the API socket", e);
        }
    }
}
