package io.berth.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodiesTest {
    @Test
    void chunkedEncodingWritesSizeLinesAndTheLastChunk() throws IOException {
        var out = new ByteArrayOutputStream();

        try (var chunked = new Bodies.ChunkedOutputStream(out)) {
            chunked.write(text("hello"));
            chunked.flush();
            chunked.write(new byte[0]);
            chunked.flush();
            chunked.write(text("0123456789abcdef!"));
            chunked.flush();
            chunked.write('x');
        }

        assertThat(out.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("5\r\nhello\r\n11\r\n0123456789abcdef!\r\n1\r\nx\r\n0\r\n\r\n");
    }

    @Test
    void whatIsWrittenBetweenFlushesIsOneChunkSoAMessageKeepsItsLineEnd() throws IOException {
        var out = new ByteArrayOutputStream();

        try (var chunked = new Bodies.ChunkedOutputStream(out)) {
            chunked.write(text("{\"a\":1}"));
            chunked.write('\n');
            chunked.flush();
            chunked.write(text("{\"b\":2}"));
            chunked.write(text("\r\n"));
            chunked.flush();
        }

        assertThat(out.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("8\r\n{\"a\":1}\n\r\n9\r\n{\"b\":2}\r\n\r\n0\r\n\r\n");
    }

    @Test
    void aLongWriteIsCutIntoChunksOfAtMost8KiB() throws IOException {
        var out = new ByteArrayOutputStream();

        try (var chunked = new Bodies.ChunkedOutputStream(out)) {
            chunked.write(new byte[20_000]);
        }

        assertThat(out.toString(StandardCharsets.ISO_8859_1)).startsWith("2000\r\n")
                .contains("\r\n2000\r\n").contains("\r\ne20\r\n").endsWith("\r\n0\r\n\r\n");
    }

    @Test
    void chunkedCloseIsIdempotentAndLeavesTheConnectionOpen() throws IOException {
        var out = new ByteArrayOutputStream() {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        var chunked = new Bodies.ChunkedOutputStream(out);

        chunked.close();
        chunked.close();

        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("0\r\n\r\n");
        assertThat(out.closed).isFalse();
    }

    @Test
    void chunkedRoundTripOfBinaryContent() throws IOException {
        byte[] content = new byte[100_000];
        new Random(42).nextBytes(content);
        var wire = new ByteArrayOutputStream();
        try (var chunked = new Bodies.ChunkedOutputStream(wire)) {
            for (int i = 0; i < content.length; i += 7000) {
                chunked.write(content, i, Math.min(7000, content.length - i));
            }
        }

        byte[] back = new Bodies.ChunkedInputStream(new ByteArrayInputStream(wire.toByteArray())).readAllBytes();

        assertThat(back).isEqualTo(content);
    }

    @Test
    void chunkedDecodingIgnoresExtensionsAndTrailersAndStopsAtTheMessageEnd() throws IOException {
        var connection = stream("4;name=value\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: never\r\nX-Trailer: 1\r\n\r\nNEXT");

        byte[] body = new Bodies.ChunkedInputStream(connection).readAllBytes();

        assertThat(new String(body, StandardCharsets.ISO_8859_1)).isEqualTo("Wikipedia");
        assertThat(rest(connection)).isEqualTo("NEXT");
    }

    @Test
    void chunkedDecodingAcceptsUpperCaseHexAndPadding() throws IOException {
        String payload = "x".repeat(26);
        var connection = stream("1A \r\n" + payload + "\r\n0\r\n\r\n");

        byte[] body = new Bodies.ChunkedInputStream(connection).readAllBytes();

        assertThat(new String(body, StandardCharsets.ISO_8859_1)).isEqualTo(payload);
    }

    @Test
    void chunkedSingleByteReads() throws IOException {
        var in = new Bodies.ChunkedInputStream(stream("2\r\nab\r\n0\r\n\r\n"));

        assertThat(in.read()).isEqualTo('a');
        assertThat(in.read()).isEqualTo('b');
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void chunkedCloseDrainsTheRestOfTheBody() throws IOException {
        var connection = stream("3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        var body = new Bodies.ChunkedInputStream(connection);
        assertThat(body.read()).isEqualTo('a');

        body.close();

        assertThat(rest(connection)).isEqualTo("GET / HTTP/1.1\r\n\r\n");
    }

    @Test
    void chunkedRejectsABadSize() {
        var in = new Bodies.ChunkedInputStream(stream("zz\r\nabc\r\n0\r\n\r\n"));

        assertThatThrownBy(in::readAllBytes).isInstanceOf(HttpProtocolException.class).hasMessage("bad chunk size");
    }

    @Test
    void chunkedRejectsASignedSize() {
        var negative = new Bodies.ChunkedInputStream(stream("-5\r\nabcde\r\n0\r\n\r\n"));
        var positive = new Bodies.ChunkedInputStream(stream("+5\r\nabcde\r\n0\r\n\r\n"));

        assertThatThrownBy(negative::readAllBytes).isInstanceOf(HttpProtocolException.class).hasMessage("bad chunk size");
        assertThatThrownBy(positive::readAllBytes).isInstanceOf(HttpProtocolException.class).hasMessage("bad chunk size");
    }

    @Test
    void chunkedRejectsDataWhereTheChunkShouldEnd() {
        var in = new Bodies.ChunkedInputStream(stream("2\r\nabc\r\n0\r\n\r\n"));

        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(HttpProtocolException.class)
                .hasMessage("missing CRLF after chunk");
    }

    @Test
    void chunkedReportsAConnectionClosedInsideAChunk() {
        var in = new Bodies.ChunkedInputStream(stream("10\r\nshort"));

        assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class);
    }

    @Test
    void readerPicksChunkedOverContentLength() throws IOException {
        var headers = new Headers().add("Transfer-Encoding", "gzip, chunked").add("Content-Length", "1");

        InputStream body = Bodies.reader(headers, stream("2\r\nok\r\n0\r\n\r\n"), false);

        assertThat(body).isInstanceOf(Bodies.ChunkedInputStream.class);
        assertThat(new String(body.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("ok");
    }

    @Test
    void fixedLengthStopsAtTheLength() throws IOException {
        var connection = stream("{\"a\":1}GET");

        InputStream body = Bodies.reader(new Headers().add("Content-Length", " 7 "), connection, false);

        assertThat(new String(body.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("{\"a\":1}");
        assertThat(body.read()).isEqualTo(-1);
        assertThat(rest(connection)).isEqualTo("GET");
    }

    @Test
    void fixedLengthSingleByteReadsAndAvailable() throws IOException {
        var connection = stream("abcdef");
        InputStream body = Bodies.reader(new Headers().add("Content-Length", "2"), connection, false);

        assertThat(body.available()).isEqualTo(2);
        assertThat(body.read()).isEqualTo('a');
        assertThat(body.read()).isEqualTo('b');
        assertThat(body.read()).isEqualTo(-1);
        assertThat(body.available()).isZero();
    }

    @Test
    void fixedLengthCloseDrainsUnreadBytesExactlyOnce() throws IOException {
        var connection = stream("0123456789NEXT");
        InputStream body = Bodies.reader(new Headers().add("Content-Length", "10"), connection, false);
        assertThat(body.read()).isEqualTo('0');

        body.close();
        body.close();

        assertThat(rest(connection)).isEqualTo("NEXT");
    }

    @Test
    void fixedLengthReportsAConnectionClosedInsideTheBody() throws IOException {
        InputStream body = Bodies.reader(new Headers().add("Content-Length", "10"), stream("abc"), false);

        assertThatThrownBy(body::readAllBytes).isInstanceOf(EOFException.class);
    }

    @Test
    void fixedLengthCloseOnATruncatedBodyFails() throws IOException {
        InputStream body = Bodies.reader(new Headers().add("Content-Length", "10"), stream("abc"), false);

        assertThatThrownBy(body::close).isInstanceOf(EOFException.class);
    }

    @Test
    void badContentLengthsAreRejected() {
        assertThatThrownBy(() -> Bodies.reader(new Headers().add("Content-Length", "ten"), stream(""), false))
                .isInstanceOf(HttpProtocolException.class)
                .hasMessage("bad Content-Length");
        assertThatThrownBy(() -> Bodies.reader(new Headers().add("Content-Length", "-1"), stream(""), false))
                .isInstanceOf(HttpProtocolException.class)
                .hasMessage("bad Content-Length");
    }

    @Test
    void anUnframedRequestBodyIsEmpty() throws IOException {
        var connection = stream("GET / HTTP/1.1\r\n\r\n");

        InputStream body = Bodies.reader(new Headers(), connection, false);

        assertThat(body.read()).isEqualTo(-1);
        assertThat(rest(connection)).startsWith("GET");
    }

    @Test
    void anUnframedResponseBodyRunsToTheEndOfTheConnectionAndCloseLeavesItOpen() throws IOException {
        var closed = new boolean[1];
        var connection = new ByteArrayInputStream(text("raw stream")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        InputStream body = Bodies.reader(new Headers(), connection, true);
        byte[] all = body.readAllBytes();
        body.close();

        assertThat(new String(all, StandardCharsets.ISO_8859_1)).isEqualTo("raw stream");
        assertThat(closed[0]).isFalse();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(text(s));
    }

    private static String rest(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
