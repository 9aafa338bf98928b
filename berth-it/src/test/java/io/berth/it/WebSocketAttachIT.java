package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.RemoveOptions;
import io.berth.common.http.HttpHead;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /containers/{id}/attach/ws} spoken by a raw RFC 6455 client over the UNIX socket:
 * the handshake, input in masked frames, the raw output in binary (text before API 1.28) frames,
 * pings, and the close that follows the container's end.
 */
@RequiresRoot
class WebSocketAttachIT {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CLOSE = 8;
    private static final int PING = 9;
    private static final int PONG = 10;

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static String create(String... cmd) {
        var config = ContainerConfig.builder().image("busybox").cmd(List.of(cmd)).openStdin(true)
                .attachStdin(true).attachStdout(true).attachStderr(true).build();
        var request = new ContainerCreateRequest(config, HostConfig.builder().networkMode("none").build(),
                NetworkingConfig.builder().build());
        return berthd.client().containers().create(Optional.empty(), request).id();
    }

    private static void remove(String id) {
        berthd.client().containers().remove(id, new RemoveOptions(true, true));
    }

    private static String status(String id) {
        return berthd.client().containers().inspect(id).state().status();
    }

    @Test
    void inputInMaskedFramesReachesCatAndItsOutputComesBackRaw() throws Exception {
        String id = create("cat");
        berthd.client().containers().start(id);
        try (var ws = WsClient.open("/containers/" + id + "/attach/ws?stream=1&stdin=1&stdout=1&stderr=1")) {
            assertThat(ws.head.startLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(ws.head.headers().first("Upgrade")).hasValue("websocket");
            assertThat(ws.head.headers().first("Sec-WebSocket-Accept")).hasValue(WsClient.accept(ws.key));

            ws.send(false, TEXT, "hello ");            // a message in two fragments,
            ws.send(true, PING, "still there?");       // a ping between them,
            ws.send(true, 0, "websocket\n");           // and its continuation
            ws.send(true, BINARY, "second line\n");

            var pongs = new ArrayList<String>();
            String output = ws.dataUntil("second line\n", pongs);
            assertThat(output).as("raw bytes: no multiplexing headers without a TTY")
                    .isEqualTo("hello websocket\nsecond line\n");
            assertThat(pongs).containsExactly("still there?");

            ws.send(true, CLOSE, "\u0003\u00e8");
            Frame close = ws.next();
            assertThat(close.opcode).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(ws.next()).as("the server ends the connection after the close").isNull();
            assertThat(status(id)).as("the client's close lets go; cat runs on").isEqualTo("running");
        } finally {
            remove(id);
        }
    }

    @Test
    void theOutputOfAContainerThatExitsArrivesInBinaryFramesAndACloseFollows() throws Exception {
        String id = create("sh", "-c", "echo to-stdout; echo to-stderr >&2");
        try (var ws = WsClient.open("/v1.44/containers/" + id + "/attach/ws?stream=1&stdout=1&stderr=1")) {
            assertThat(ws.head.startLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
            berthd.client().containers().start(id);

            List<Frame> frames = ws.untilClose();

            Frame last = frames.getLast();
            assertThat(last.opcode).isEqualTo(CLOSE);
            assertThat(last.closeCode()).isEqualTo(1000);
            List<Frame> data = frames.subList(0, frames.size() - 1);
            assertThat(data).isNotEmpty().allSatisfy(f -> assertThat(f.opcode).isEqualTo(BINARY));
            String output = String.join("", data.stream().map(Frame::text).toList());
            assertThat(output.lines().sorted().toList()).containsExactly("to-stderr", "to-stdout");
            assertThat(ws.next()).isNull();
        } finally {
            remove(id);
        }
    }

    @Test
    void beforeApi128TheFramesAreTextAndBefore142AllStreamsAreAttached() throws Exception {
        String id = create("sh", "-c", "echo old-client");
        // no stdout parameter: before 1.42 dockerd attaches stdin, stdout and stderr whatever the query says
        try (var ws = WsClient.open("/v1.27/containers/" + id + "/attach/ws?stream=1")) {
            berthd.client().containers().start(id);

            List<Frame> frames = ws.untilClose();

            List<Frame> data = frames.subList(0, frames.size() - 1);
            assertThat(data).isNotEmpty().allSatisfy(f -> assertThat(f.opcode).isEqualTo(TEXT));
            assertThat(String.join("", data.stream().map(Frame::text).toList())).isEqualTo("old-client\n");
        } finally {
            remove(id);
        }
    }

    @Test
    void anUnknownContainerIsAPlain404() throws Exception {
        try (var ws = WsClient.open("/containers/no-such-thing/attach/ws?stream=1&stdout=1")) {
            assertThat(ws.head.startLine()).isEqualTo("HTTP/1.1 404 Not Found");
            assertThat(ws.body()).isEqualTo("{\"message\":\"No such container: no-such-thing\"}\n");
        }
    }

    @Test
    void aRequestThatIsNotAWebSocketUpgradeIsA400() throws Exception {
        String id = create("cat");
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(berthd.socket()));
            OutputStream out = Channels.newOutputStream(channel);
            out.write(("GET /containers/" + id + "/attach/ws?stream=1 HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            HttpHead head = HttpHead.read(in);
            int length = Integer.parseInt(head.headers().first("Content-Length").orElseThrow());

            assertThat(head.startLine()).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8))
                    .isEqualTo("{\"message\":\"not websocket protocol\"}\n");
        } finally {
            remove(id);
        }
    }

    /** One frame as the client received it. */
    private record Frame(int opcode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
        }
    }

    /** A websocket client written for the test: masks what it sends, reads frames on a thread of its own. */
    private static final class WsClient implements AutoCloseable {
        private static final Frame END = new Frame(-1, true, new byte[0]);
        private final SocketChannel channel;
        private final InputStream in;
        private final OutputStream out;
        private final SecureRandom random = new SecureRandom();
        private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final String key;
        final HttpHead head;

        private WsClient(SocketChannel channel, String key) throws IOException {
            this.channel = channel;
            this.key = key;
            this.in = new BufferedInputStream(Channels.newInputStream(channel));
            this.out = Channels.newOutputStream(channel);
            this.head = HttpHead.read(in);
        }

        static WsClient open(String target) throws IOException {
            var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(berthd.socket()));
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            Channels.newOutputStream(channel).write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\nOrigin: http://localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var client = new WsClient(channel, key);
            if (client.head.startLine().contains(" 101 ")) {
                Thread.ofVirtual().start(client::readFrames);
            }
            return client;
        }

        static String accept(String key) throws Exception {
            var sha1 = java.security.MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        }

        /** A plain HTTP response's body (Content-Length). */
        String body() throws IOException {
            int length = Integer.parseInt(head.headers().first("Content-Length").orElseThrow());
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        void send(boolean fin, int opcode, String text) throws IOException {
            byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            var frame = new ByteArrayOutputStream();
            frame.write((fin ? 0x80 : 0) | opcode);
            if (data.length < 126) {
                frame.write(0x80 | data.length);
            } else {
                frame.write(0x80 | 126);
                frame.write(data.length >>> 8);
                frame.write(data.length & 0xff);
            }
            frame.write(mask);
            for (int i = 0; i < data.length; i++) {
                frame.write(data[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
        }

        /** The next frame; null when the server ended the connection. */
        Frame next() throws InterruptedException {
            Frame frame = frames.poll(LONG.toSeconds(), TimeUnit.SECONDS);
            assertThat(frame).as("a frame within %s", LONG).isNotNull();
            return frame == END ? null : frame;
        }

        /** The data frames' text until it contains {@code wanted}; pongs' payloads go to {@code pongs}. */
        String dataUntil(String wanted, List<String> pongs) throws InterruptedException {
            var text = new StringBuilder();
            while (!text.toString().contains(wanted)) {
                Frame frame = next();
                assertThat(frame).as("data before the end; so far: %s", text).isNotNull();
                if (frame.opcode == PONG) {
                    pongs.add(frame.text());
                    continue;
                }
                assertThat(frame.opcode).isIn(BINARY, TEXT);
                text.append(frame.text());
            }
            return text.toString();
        }

        /** The frames up to and with the server's close. */
        List<Frame> untilClose() throws InterruptedException {
            var list = new ArrayList<Frame>();
            Frame frame;
            do {
                frame = next();
                assertThat(frame).as("a close frame before the end; so far %s frames", list.size()).isNotNull();
                list.add(frame);
            } while (frame.opcode != CLOSE);
            return list;
        }

        private void readFrames() {
            try {
                while (true) {
                    int b0 = in.read();
                    if (b0 < 0) {
                        break;
                    }
                    int b1 = readByte();
                    assertThat(b1 & 0x80).as("a server does not mask").isZero();
                    long length = b1 & 0x7f;
                    if (length == 126) {
                        length = readByte() << 8 | readByte();
                    } else if (length == 127) {
                        length = 0;
                        for (int i = 0; i < 8; i++) {
                            length = length << 8 | readByte();
                        }
                    }
                    frames.add(new Frame(b0 & 0x0f, (b0 & 0x80) != 0, in.readNBytes((int) length)));
                }
            } catch (IOException | AssertionError e) {
                // the connection ended under us
            } finally {
                frames.add(END);
            }
        }

        private int readByte() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
