package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.ConflictException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.common.NotModifiedException;
import io.berth.common.http.Bodies;
import io.berth.common.http.HttpHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real UNIX socket, spoken to byte by byte. */
class HttpServerTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private Thread acceptLoop;
    private final AtomicReference<String> lastVersion = new AtomicReference<>();
    private final java.util.concurrent.CountDownLatch foreverEnded = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        Router router = Router.builder()
                .add("GET", "/_ping", r -> {
                    lastVersion.set(r.apiVersion().toString());
                    return new Response.Bytes(200, "text/plain; charset=utf-8", bytes("OK"),
                            Map.of("Cache-Control", "no-cache, no-store, must-revalidate", "Pragma", "no-cache"));
                })
                .add("GET", "/containers/{name}/json", r -> {
                    throw NotFoundException.container(r.pathParam("name"));
                })
                .add("POST", "/containers/{name}/start", r -> {
                    throw new NotModifiedException("container already started");
                })
                .add("POST", "/containers/{name}/rename", r -> {
                    throw new ConflictException("name in use");
                })
                .add("POST", "/echo", r -> new Response.Json(201, Map.of("got", new String(r.bodyBytes(),
                        StandardCharsets.UTF_8))))
                .add("POST", "/ignore-body", r -> Response.noContent())
                .add("GET", "/boom", r -> {
                    throw new IllegalStateException("secret detail");
                })
                .add("GET", "/logs", r -> new Response.Stream(200, "application/vnd.docker.raw-stream", out -> {
                    out.write(bytes("line 1\n"));
                    out.flush();
                    out.write(bytes("line 2\n"));
                }))
                .add("GET", "/forever", r -> new Response.Stream(200, "application/json", out -> {
                    // the client may leave (and the watch interrupt this thread) while the flush is still
                    // in the channel's write: that ends the body with ClosedByInterruptException instead
                    try {
                        out.write(bytes("{}\n"));
                        out.flush();
                        Thread.sleep(Long.MAX_VALUE);
                    } finally {
                        foreverEnded.countDown();
                    }
                }, true))
                .add("POST", "/attach", r -> new Response.Hijack("application/vnd.docker.raw-stream",
                        (in, out) -> {
                            byte[] buffer = new byte[1024];
                            int n;
                            while ((n = in.read(buffer)) > 0) {
                                out.write(buffer, 0, n);
                                out.flush();
                            }
                        }))
                .add("GET", "/ws", r -> new Response.WebSocketUpgrade(r.headers().first("Sec-WebSocket-Key")
                        .orElseThrow(), (in, out) -> {
                            var ws = new WebSocketConnection(in, out, WebSocket.BINARY);
                            byte[] all = ws.input().readAllBytes();
                            ws.send(all, 0, all.length);
                        }))
                .build();
        server = HttpServer.bindUnix(dir.resolve("run/berth.sock"), router);
        acceptLoop = Thread.ofVirtual().start(server::serve);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        acceptLoop.join(5000);
    }

    @Test
    void theSocketIsCreatedWithMode0660() throws IOException {
        assertThat(server.socket()).isEqualTo(dir.resolve("run/berth.sock"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket())))
                .isEqualTo("rw-rw----");
    }

    @Test
    void aBytesResponseCarriesDockersHeaders() throws IOException {
        try (var client = connect()) {
            client.send("GET /_ping HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.startLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(reply.header("Api-Version")).isEqualTo("1.47");
            assertThat(reply.header("Ostype")).isEqualTo("linux");
            assertThat(reply.header("Docker-Experimental")).isEqualTo("false");
            assertThat(reply.header("Server")).isEqualTo("Docker/27.5.0-berth (linux)");
            assertThat(reply.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(reply.header("Content-Length")).isEqualTo("2");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-cache, no-store, must-revalidate");
            assertThat(reply.header("Pragma")).isEqualTo("no-cache");
            assertThat(reply.header("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            assertThat(reply.body()).isEqualTo("OK");
        }
    }

    @Test
    void theDateHeaderIsAnImfFixdateWithATwoDigitDay() {
        var time = java.time.ZonedDateTime.of(2026, 11, 5, 9, 1, 2, 0, java.time.ZoneOffset.UTC);

        assertThat(HttpServer.HTTP_DATE.format(time)).isEqualTo("Thu, 05 Nov 2026 09:01:02 GMT");
    }

    @Test
    void statusLinesHaveReasonPhrases() {
        assertThat(HttpServer.statusLine(200)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(HttpServer.statusLine(204)).isEqualTo("HTTP/1.1 204 No Content");
        assertThat(HttpServer.statusLine(409)).isEqualTo("HTTP/1.1 409 Conflict");
        assertThat(HttpServer.statusLine(503)).isEqualTo("HTTP/1.1 503 Service Unavailable");
    }

    @Test
    void headGetsTheHeadersWithoutTheBody() throws IOException {
        try (var client = connect()) {
            client.send("HEAD /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpHead head = HttpHead.read(client.in);
            client.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");

            Reply next = client.receive();

            assertThat(head.startLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(head.headers().first("Content-Length")).hasValue("2");
            assertThat(next.startLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(next.body()).isEqualTo("OK");
        }
    }

    @Test
    void aNotFoundExceptionIsA404WithAJsonMessage() throws IOException {
        try (var client = connect()) {
            client.send("GET /containers/nope/json HTTP/1.1\r\nHost: x\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.startLine()).isEqualTo("HTTP/1.1 404 Not Found");
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            assertThat(reply.header("Api-Version")).isEqualTo("1.47");
            assertThat(reply.body()).isEqualTo("{\"message\":\"No such container: nope\"}\n");
        }
    }

    @Test
    void aConflictIsA409() throws IOException {
        try (var client = connect()) {
            client.send("POST /containers/web/rename HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.startLine()).isEqualTo("HTTP/1.1 409 Conflict");
            assertThat(reply.body()).isEqualTo("{\"message\":\"name in use\"}\n");
        }
    }

    @Test
    void notModifiedIsA304WithoutABodyAndTheConnectionStaysUsable() throws IOException {
        try (var client = connect()) {
            client.send("POST /containers/web/start HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            HttpHead head = HttpHead.read(client.in);
            client.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");

            Reply next = client.receive();

            assertThat(head.startLine()).isEqualTo("HTTP/1.1 304 Not Modified");
            assertThat(head.headers().has("Content-Length")).isFalse();
            assertThat(head.headers().has("Content-Type")).isFalse();
            assertThat(head.headers().has("Transfer-Encoding")).isFalse();
            assertThat(next.startLine()).as("the next response follows the 304 head directly")
                    .isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void anUnknownPathIsPageNotFound() throws IOException {
        try (var client = connect()) {
            client.send("GET /v1.41/nothing/here HTTP/1.1\r\nHost: x\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.startLine()).isEqualTo("HTTP/1.1 404 Not Found");
            assertThat(reply.body()).isEqualTo("{\"message\":\"page not found\"}\n");
        }
    }

    @Test
    void twoRequestsOnOneConnection() throws IOException {
        try (var client = connect()) {
            client.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply first = client.receive();
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\nhello");
            Reply second = client.receive();

            assertThat(first.body()).isEqualTo("OK");
            assertThat(second.startLine()).isEqualTo("HTTP/1.1 201 Created");
            assertThat(Json.tree(second.body().getBytes(StandardCharsets.UTF_8)).path("got").asText())
                    .isEqualTo("hello");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (var client = connect()) {
            client.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\nGET /containers/a/json HTTP/1.1\r\nHost: x\r\n\r\n");

            Reply first = client.receive();
            Reply second = client.receive();

            assertThat(first.startLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(second.startLine()).isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    void anUnreadRequestBodyIsDrainedBeforeTheNextRequest() throws IOException {
        try (var client = connect()) {
            client.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}");
            Reply first = client.receive();
            client.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply second = client.receive();

            assertThat(first.startLine()).isEqualTo("HTTP/1.1 204 No Content");
            assertThat(second.startLine()).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aChunkedRequestBodyIsDecoded() throws IOException {
        try (var client = connect()) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.body()).isEqualTo("{\"got\":\"abcde\"}\n");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (var client = connect()) {
            client.send("GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.header("Connection")).isEqualTo("close");
            assertThat(client.in.read()).as("the server closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void http10ClosesAfterOneResponse() throws IOException {
        try (var client = connect()) {
            client.send("GET /_ping HTTP/1.0\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.body()).isEqualTo("OK");
            assertThat(client.in.read()).isEqualTo(-1);
        }
    }

    @Test
    void theVersionPrefixIsStripped() throws IOException {
        try (var client = connect()) {
            client.send("GET /v1.41/_ping HTTP/1.1\r\nHost: x\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.body()).isEqualTo("OK");
            assertThat(lastVersion.get()).isEqualTo("1.41");
        }
    }

    @Test
    void withoutAPrefixTheNewestVersionApplies() throws IOException {
        try (var client = connect()) {
            client.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");

            client.receive();

            assertThat(lastVersion.get()).isEqualTo("1.47");
        }
    }

    @Test
    void aTooNewVersionIsA400() throws IOException {
        try (var client = connect()) {
            client.send("GET /v1.99/_ping HTTP/1.1\r\nHost: x\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.startLine()).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(reply.body()).isEqualTo(
                    "{\"message\":\"client version 1.99 is too new. Maximum supported API version is 1.47\"}\n");
        }
    }

    @Test
    void aTooOldVersionIsA400() throws IOException {
        try (var client = connect()) {
            client.send("GET /v1.11/_ping HTTP/1.1\r\nHost: x\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.startLine()).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(reply.body()).contains("client version 1.11 is too old");
        }
    }

    @Test
    void aStreamIsChunked() throws IOException {
        try (var client = connect()) {
            client.send("GET /logs HTTP/1.1\r\nHost: x\r\n\r\n");

            HttpHead head = HttpHead.read(client.in);
            String raw = client.readUntil("0\r\n\r\n");

            assertThat(head.startLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(head.headers().first("Transfer-Encoding")).hasValue("chunked");
            assertThat(head.headers().first("Content-Type")).hasValue("application/vnd.docker.raw-stream");
            assertThat(head.headers().has("Content-Length")).isFalse();
            assertThat(raw).isEqualTo("7\r\nline 1\n\r\n7\r\nline 2\n\r\n0\r\n\r\n");
        }
    }

    @Test
    void theConnectionIsReusableAfterAStream() throws IOException {
        try (var client = connect()) {
            client.send("GET /logs HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply logs = client.receive();
            client.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply ping = client.receive();

            assertThat(logs.body()).isEqualTo("line 1\nline 2\n");
            assertThat(ping.body()).isEqualTo("OK");
        }
    }

    @Test
    void aStreamThatWaitsForEverIsInterruptedWhenTheClientLeaves() throws Exception {
        try (var client = connect()) {
            client.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpHead head = HttpHead.read(client.in);
            String first = client.readUntil("{}\n\r\n");

            assertThat(head.headers().first("Connection")).hasValue("close");
            assertThat(first).isEqualTo("3\r\n{}\n\r\n");
            assertThat(foreverEnded.getCount()).isEqualTo(1);
        }

        assertThat(foreverEnded.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aHijackWithUpgradeAnswers101AndThenEchoesRawBytes() throws IOException {
        try (var client = connect()) {
            client.send("POST /attach?stream=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: 0\r\n\r\n");
            HttpHead head = HttpHead.read(client.in);

            client.send("hello, raw world");
            String echoed = client.readExactly("hello, raw world".length());
            client.channel.shutdownOutput();

            assertThat(head.startLine()).isEqualTo("HTTP/1.1 101 UPGRADED");
            assertThat(head.headers().first("Connection")).hasValue("Upgrade");
            assertThat(head.headers().first("Upgrade")).hasValue("tcp");
            assertThat(head.headers().first("Content-Type")).hasValue("application/vnd.docker.raw-stream");
            assertThat(echoed).isEqualTo("hello, raw world");
            assertThat(client.in.read()).as("the server ends the stream after the route").isEqualTo(-1);
        }
    }

    @Test
    void aWebSocketUpgradeAnswers101WithTheAcceptValueAndThenSpeaksFrames() throws IOException {
        try (var client = connect()) {
            client.send("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            HttpHead head = HttpHead.read(client.in);
            byte[] mask = {1, 2, 3, 4};
            client.out.write(WebSocket.encode(true, WebSocket.TEXT, bytes("ping me"), 0, 7, mask));
            client.out.write(WebSocket.encode(true, WebSocket.CLOSE, new byte[0], 0, 0, mask));

            var close = WebSocket.read(client.in, 1 << 20);
            var echo = WebSocket.read(client.in, 1 << 20);

            assertThat(head.startLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(head.headers().first("Upgrade")).hasValue("websocket");
            assertThat(head.headers().first("Connection")).hasValue("Upgrade");
            assertThat(head.headers().first("Sec-WebSocket-Accept")).hasValue("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(close.opcode()).as("the close is answered at once").isEqualTo(WebSocket.CLOSE);
            assertThat(echo).as("nothing is sent after the close").isNull();
        }
    }

    @Test
    void aHijackWithoutUpgradeAnswers200() throws IOException {
        try (var client = connect()) {
            client.send("POST /attach HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            HttpHead head = HttpHead.read(client.in);

            client.send("x");
            String echoed = client.readExactly(1);
            client.channel.shutdownOutput();

            assertThat(head.startLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(head.headers().first("Api-Version")).hasValue("1.47");
            assertThat(echoed).isEqualTo("x");
        }
    }

    @Test
    void anUnexpectedExceptionIsA500ThatHidesTheDetail() throws IOException {
        try (var client = connect()) {
            client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.startLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
            assertThat(reply.body()).matches("\\{\"message\":\"internal error, see daemon log \\(request \\d+\\)\"}\n");
            assertThat(reply.body()).doesNotContain("secret detail");
        }
    }

    @Test
    void requestsAreNumberedPerServer() throws IOException {
        try (var client = connect()) {
            client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply first = client.receive();
            client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply second = client.receive();

            assertThat(first.body()).contains("(request 1)");
            assertThat(second.body()).contains("(request 2)");
        }
    }

    @Test
    void aMalformedRequestLineIsA400AndCloses() throws IOException {
        try (var client = connect()) {
            client.send("NONSENSE\r\n\r\n");

            Reply reply = client.receive();

            assertThat(reply.startLine()).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(reply.body()).isEqualTo("{\"message\":\"malformed request line\"}\n");
            assertThat(client.in.read()).isEqualTo(-1);
        }
    }

    @Test
    void bindingReplacesAStaleSocketFile() throws IOException {
        Path stale = dir.resolve("stale.sock");
        Files.writeString(stale, "left over");

        try (var second = HttpServer.bindUnix(stale, Router.builder().build())) {
            assertThat(second.socket()).isEqualTo(stale);
            assertThat(Files.isRegularFile(stale)).isFalse();
        }
    }

    private Client connect() throws IOException {
        var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(server.socket()));
        return new Client(channel);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A response read off the wire: its head and its whole body as text. */
    private record Reply(HttpHead head, String body) {
        String startLine() {
            return head.startLine();
        }

        String header(String name) {
            return head.headers().first(name).orElse(null);
        }
    }

    /** A raw HTTP/1.1 client on one connection. */
    private static final class Client implements AutoCloseable {
        final SocketChannel channel;
        final InputStream in;
        final OutputStream out;

        Client(SocketChannel channel) {
            this.channel = channel;
            this.in = new java.io.BufferedInputStream(Channels.newInputStream(channel));
            this.out = Channels.newOutputStream(channel);
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        Reply receive() throws IOException {
            HttpHead head = HttpHead.read(in);
            assertThat(head).as("a response").isNotNull();
            byte[] body;
            try (InputStream reader = Bodies.reader(head.headers(), in, false)) {
                body = reader.readAllBytes();
            }
            return new Reply(head, new String(body, StandardCharsets.UTF_8));
        }

        String readExactly(int n) throws IOException {
            return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
        }

        String readUntil(String end) throws IOException {
            var buffer = new ByteArrayOutputStream();
            while (!buffer.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                buffer.write(b);
            }
            return buffer.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @Test
    void aTcpServerSpeaksTheSameHttp() throws Exception {
        var router = Router.builder().add("GET", "/metrics", r -> new Response.Bytes(200, "text/plain",
                bytes("up 1\n"))).build();
        try (var tcp = HttpServer.bindTcp(new java.net.InetSocketAddress("127.0.0.1", 0), router)) {
            Thread.ofVirtual().start(tcp::serve);
            int port = ((java.net.InetSocketAddress) tcp.localAddress()).getPort();

            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                socket.getOutputStream().write(bytes("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/plain\r\n")
                        .endsWith("\r\n\r\nup 1\n");
            }
        }
    }
}
