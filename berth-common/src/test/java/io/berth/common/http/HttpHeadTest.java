package io.berth.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHeadTest {
    @Test
    void readsARequestHead() throws IOException {
        var in = stream("GET /_ping HTTP/1.1\r\nHost: api.moby.localhost\r\nUser-Agent: Docker-Client/28.0.1 (linux)\r\n\r\n");

        HttpHead head = HttpHead.read(in);

        assertThat(head.startLine()).isEqualTo("GET /_ping HTTP/1.1");
        assertThat(head.headers().first("host")).hasValue("api.moby.localhost");
        assertThat(head.headers().first("USER-AGENT")).hasValue("Docker-Client/28.0.1 (linux)");
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void leavesTheBodyUnread() throws IOException {
        var in = stream("POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}");

        HttpHead.read(in);

        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("{}");
    }

    @Test
    void acceptsBareLineFeeds() throws IOException {
        var in = stream("GET / HTTP/1.1\nA: 1\n\n");

        HttpHead head = HttpHead.read(in);

        assertThat(head.startLine()).isEqualTo("GET / HTTP/1.1");
        assertThat(head.headers().first("A")).hasValue("1");
    }

    @Test
    void stripsWhitespaceAroundNamesAndValuesAndKeepsColonsInValues() throws IOException {
        var in = stream("GET / HTTP/1.1\r\nHost :   localhost:2375  \r\n\r\n");

        HttpHead head = HttpHead.read(in);

        assertThat(head.headers().first("Host")).hasValue("localhost:2375");
    }

    @Test
    void skipsStrayEmptyLinesBeforeTheStartLine() throws IOException {
        var in = stream("\r\n\r\nGET / HTTP/1.1\r\n\r\n");

        HttpHead head = HttpHead.read(in);

        assertThat(head.startLine()).isEqualTo("GET / HTTP/1.1");
        assertThat(head.headers().fields()).isEmpty();
    }

    @Test
    void aCleanEndOfStreamIsNull() throws IOException {
        assertThat(HttpHead.read(stream(""))).isNull();
        assertThat(HttpHead.read(stream("\r\n"))).isNull();
    }

    @Test
    void anEndOfStreamInsideTheHeadIsAnError() {
        assertThatThrownBy(() -> HttpHead.read(stream("GET / HTTP/1.1\r\nHost: x\r\n")))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> HttpHead.read(stream("GET / HT")))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void aFieldWithoutAColonOrNameIsRejected() {
        assertThatThrownBy(() -> HttpHead.read(stream("GET / HTTP/1.1\r\nno colon\r\n\r\n")))
                .isInstanceOf(HttpProtocolException.class)
                .hasMessage("malformed header field");
        assertThatThrownBy(() -> HttpHead.read(stream("GET / HTTP/1.1\r\n: empty name\r\n\r\n")))
                .isInstanceOf(HttpProtocolException.class);
    }

    @Test
    void tooManyFieldsAreRejected() {
        var text = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 201; i++) {
            text.append("X-").append(i).append(": v\r\n");
        }
        text.append("\r\n");

        assertThatThrownBy(() -> HttpHead.read(stream(text.toString())))
                .isInstanceOf(HttpProtocolException.class)
                .hasMessage("too many header fields");
    }

    @Test
    void twoHundredFieldsAreAllowed() throws IOException {
        var text = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 200; i++) {
            text.append("X-").append(i).append(": v\r\n");
        }
        text.append("\r\n");

        HttpHead head = HttpHead.read(stream(text.toString()));

        assertThat(head.headers().fields()).hasSize(200);
    }

    @Test
    void aHugeLineIsRejected() {
        String text = "GET /" + "a".repeat(70 * 1024) + " HTTP/1.1\r\n\r\n";

        assertThatThrownBy(() -> HttpHead.read(stream(text)))
                .isInstanceOf(HttpProtocolException.class)
                .hasMessage("header line too long");
    }

    @Test
    void writesStartLineFieldsAndABlankLine() throws IOException {
        var headers = new Headers().add("Content-Type", "application/json").add("Api-Version", "1.47");
        var out = new ByteArrayOutputStream();

        new HttpHead("HTTP/1.1 200 OK", headers).write(out);

        assertThat(out.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.47\r\n\r\n");
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        var headers = new Headers().add("A", "1").add("B", "two words");
        var out = new ByteArrayOutputStream();
        new HttpHead("POST /v1.41/containers/create HTTP/1.1", headers).write(out);

        HttpHead back = HttpHead.read(new ByteArrayInputStream(out.toByteArray()));

        assertThat(back.startLine()).isEqualTo("POST /v1.41/containers/create HTTP/1.1");
        assertThat(back.headers().toString()).isEqualTo("a=1 b=two words");
    }

    @Test
    void headersAreCaseInsensitiveOrderedAndSettable() {
        var headers = new Headers().add("X", "1").add("x", "2");

        headers.set("Y", "3");

        assertThat(headers.first("x")).hasValue("1");
        assertThat(headers.has("y")).isTrue();
        assertThat(headers.has("z")).isFalse();
        assertThat(headers.set("X", "9").first("X")).hasValue("9");
        assertThat(headers.fields()).extracting(f -> f[0] + "=" + f[1]).containsExactly("Y=3", "X=9");
    }

    @Test
    void hasTokenLooksInsideCommaSeparatedValues() {
        var headers = new Headers().add("Connection", "keep-alive, Upgrade").add("Transfer-Encoding", "gzip");

        assertThat(headers.hasToken("connection", "upgrade")).isTrue();
        assertThat(headers.hasToken("Connection", "close")).isFalse();
        assertThat(headers.hasToken("Transfer-Encoding", "chunked")).isFalse();
    }

    @Test
    void addAllCopiesFields() {
        var source = new Headers().add("A", "1");
        var copy = new Headers().addAll(source);

        source.set("A", "2");

        assertThat(copy.first("A")).hasValue("1");
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
