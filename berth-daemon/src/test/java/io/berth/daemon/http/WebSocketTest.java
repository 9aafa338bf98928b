package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6455 framing, the handshake's accept value, and the server's end of a connection. */
class WebSocketTest {
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    @Test
    void theAcceptValueIsRfc6455sExample() {
        assertThat(WebSocket.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void aMaskedFrameIsRfc6455sHelloExample() throws IOException {
        byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);

        byte[] frame = WebSocket.encode(true, WebSocket.TEXT, hello, 0, hello.length, MASK);

        // RFC 6455 5.7: a single-frame masked text message "Hello"
        assertThat(frame).containsExactly(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        var read = WebSocket.read(new ByteArrayInputStream(frame), 1 << 20);
        assertThat(read.fin()).isTrue();
        assertThat(read.opcode()).isEqualTo(WebSocket.TEXT);
        assertThat(read.masked()).isTrue();
        assertThat(new String(read.payload(), StandardCharsets.US_ASCII)).isEqualTo("Hello");
    }

    @Test
    void anUnmaskedServerFrameIsRfc6455sExample() {
        byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);

        assertThat(WebSocket.encode(true, WebSocket.TEXT, hello, 0, 5, null))
                .containsExactly(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    }

    @Test
    void lengthsUseSevenSixteenAndSixtyFourBits() throws IOException {
        for (int length : new int[] {0, 125, 126, 65535, 65536, 70000}) {
            byte[] data = new byte[length];
            Arrays.fill(data, (byte) 'x');

            byte[] unmasked = WebSocket.encode(true, WebSocket.BINARY, data, 0, length, null);
            byte[] masked = WebSocket.encode(true, WebSocket.BINARY, data, 0, length, MASK);

            int header = length < 126 ? 2 : length <= 65535 ? 4 : 10;
            assertThat(unmasked).as("length %d", length).hasSize(header + length);
            assertThat(masked).as("length %d", length).hasSize(header + 4 + length);
            assertThat(unmasked[1] & 0x7f).isEqualTo(length < 126 ? length : length <= 65535 ? 126 : 127);
            assertThat(masked[1] & 0x80).isEqualTo(0x80);
            var read = WebSocket.read(new ByteArrayInputStream(masked), 1 << 20);
            assertThat(read.payload()).isEqualTo(data);
        }
        // RFC 6455 5.7: 256 bytes in one unmasked binary frame, and 64 KiB
        assertThat(Arrays.copyOf(WebSocket.encode(true, WebSocket.BINARY, new byte[256], 0, 256, null), 4))
                .containsExactly(0x82, 0x7e, 0x01, 0x00);
        assertThat(Arrays.copyOf(WebSocket.encode(true, WebSocket.BINARY, new byte[65536], 0, 65536, null), 10))
                .containsExactly(0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00);
    }

    @Test
    void badFramesAreProtocolErrors() {
        byte[] longPing = WebSocket.encode(true, WebSocket.PING, new byte[126], 0, 126, MASK);
        byte[] fragmentedClose = WebSocket.encode(false, WebSocket.CLOSE, new byte[2], 0, 2, MASK);
        byte[] reserved = {(byte) 0xc1, (byte) 0x80, 1, 2, 3, 4};
        byte[] unknownOpcode = {(byte) 0x83, (byte) 0x80, 1, 2, 3, 4};
        byte[] big = WebSocket.encode(true, WebSocket.BINARY, new byte[100], 0, 100, MASK);

        for (byte[] frame : List.of(longPing, fragmentedClose, reserved, unknownOpcode)) {
            assertThatThrownBy(() -> WebSocket.read(new ByteArrayInputStream(frame), 1 << 20))
                    .isInstanceOfSatisfying(WebSocket.ProtocolException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(WebSocket.CLOSE_PROTOCOL_ERROR));
        }
        assertThatThrownBy(() -> WebSocket.read(new ByteArrayInputStream(big), 99))
                .isInstanceOfSatisfying(WebSocket.ProtocolException.class,
                        e -> assertThat(e.closeCode()).isEqualTo(WebSocket.CLOSE_TOO_BIG));
        assertThatThrownBy(() -> WebSocket.read(new ByteArrayInputStream(Arrays.copyOf(big, 50)), 1 << 20))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void theInputJoinsFragmentsAnswersPingsAndEndsAtTheClose() throws IOException {
        var client = new ByteArrayOutputStream();
        client.write(masked(false, WebSocket.TEXT, "ec"));
        client.write(masked(true, WebSocket.PING, "are you there"));
        client.write(masked(false, WebSocket.CONTINUATION, "ho "));
        client.write(masked(true, WebSocket.CONTINUATION, "this\n"));
        client.write(masked(true, WebSocket.BINARY, "and that\n"));
        client.write(WebSocket.encode(true, WebSocket.CLOSE, WebSocket.closePayload(1001, "bye"), 0, 5, MASK));
        client.write(masked(true, WebSocket.BINARY, "after the close"));
        var server = new ByteArrayOutputStream();
        var ws = new WebSocketConnection(new ByteArrayInputStream(client.toByteArray()), server, WebSocket.BINARY);

        byte[] input = ws.input().readAllBytes();

        assertThat(new String(input, StandardCharsets.UTF_8)).isEqualTo("echo this\nand that\n");
        List<WebSocket.Frame> sent = frames(server.toByteArray());
        assertThat(sent).extracting(WebSocket.Frame::opcode).containsExactly(WebSocket.PONG, WebSocket.CLOSE);
        assertThat(new String(sent.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("are you there");
        assertThat(sent.get(0).masked()).as("a server does not mask").isFalse();
        assertThat(sent.get(1).closeCode()).isEqualTo(1000);
    }

    @Test
    void sendWritesDataFramesOfTheChosenTypeAndNothingAfterTheClose() throws IOException {
        var server = new ByteArrayOutputStream();
        var ws = new WebSocketConnection(InputStream.nullInputStream(), server, WebSocket.TEXT);

        ws.send("out\n".getBytes(StandardCharsets.UTF_8), 0, 4);
        ws.close(WebSocket.CLOSE_NORMAL, "");
        ws.close(WebSocket.CLOSE_NORMAL, "");

        List<WebSocket.Frame> sent = frames(server.toByteArray());
        assertThat(sent).extracting(WebSocket.Frame::opcode).containsExactly(WebSocket.TEXT, WebSocket.CLOSE);
        assertThat(new String(sent.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("out\n");
        assertThatThrownBy(() -> ws.send(new byte[1], 0, 1)).isInstanceOf(IOException.class);
    }

    @Test
    void thePumpedInputKeepsOrDropsTheDataAndStillAnswersPings() throws Exception {
        for (boolean keep : new boolean[] {true, false}) {
            var client = new ByteArrayOutputStream();
            client.write(masked(true, WebSocket.BINARY, "typed\n"));
            client.write(masked(true, WebSocket.PING, "p"));
            client.write(WebSocket.encode(true, WebSocket.CLOSE, new byte[0], 0, 0, MASK));
            var server = new ByteArrayOutputStream();
            var ws = new WebSocketConnection(new ByteArrayInputStream(client.toByteArray()), server, WebSocket.BINARY);

            byte[] input = ws.pumpedInput(keep).readAllBytes();

            assertThat(new String(input, StandardCharsets.UTF_8)).isEqualTo(keep ? "typed\n" : "");
            assertThat(frames(server.toByteArray())).extracting(WebSocket.Frame::opcode)
                    .containsExactly(WebSocket.PONG, WebSocket.CLOSE);
        }
    }

    @Test
    void interruptingAReaderOfThePumpedInputEndsItsReadOnly() throws Exception {
        var clientSide = new java.io.PipedOutputStream();
        var serverIn = new java.io.PipedInputStream(clientSide, 1 << 16);
        var ws = new WebSocketConnection(serverIn, new ByteArrayOutputStream(), WebSocket.BINARY);
        InputStream input = ws.pumpedInput(true);
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                input.read(new byte[10]);
            } catch (IOException e) {
                failure.set(e);
            }
        });

        reader.interrupt();
        reader.join(java.time.Duration.ofSeconds(30));

        assertThat(failure.get()).isInstanceOf(java.io.InterruptedIOException.class);
        clientSide.write(masked(true, WebSocket.TEXT, "later"));
        clientSide.flush();
        byte[] buffer = new byte[10];
        int n = input.read(buffer);
        assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8)).isEqualTo("later");
        clientSide.close();
    }

    @Test
    void anUnmaskedClientFrameOrAStrayContinuationClosesWith1002() throws IOException {
        for (byte[] bad : List.of(WebSocket.encode(true, WebSocket.TEXT, new byte[3], 0, 3, null),
                masked(true, WebSocket.CONTINUATION, "stray"))) {
            var server = new ByteArrayOutputStream();
            var ws = new WebSocketConnection(new ByteArrayInputStream(bad), server, WebSocket.BINARY);

            assertThatThrownBy(() -> ws.input().read(new byte[10])).isInstanceOf(WebSocket.ProtocolException.class);

            List<WebSocket.Frame> sent = frames(server.toByteArray());
            assertThat(sent).extracting(WebSocket.Frame::opcode).containsExactly(WebSocket.CLOSE);
            assertThat(sent.get(0).closeCode()).isEqualTo(WebSocket.CLOSE_PROTOCOL_ERROR);
        }
    }

    private static byte[] masked(boolean fin, int opcode, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return WebSocket.encode(fin, opcode, data, 0, data.length, MASK);
    }

    private static List<WebSocket.Frame> frames(byte[] bytes) throws IOException {
        var in = new ByteArrayInputStream(bytes);
        var frames = new ArrayList<WebSocket.Frame>();
        WebSocket.Frame frame;
        while ((frame = WebSocket.read(in, 1 << 20)) != null) {
            frames.add(frame);
        }
        return frames;
    }
}
