package io.berth.runtime.conmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class K8sLogTest {
    @Test
    void aFullStdoutLineGetsItsNewlineBack() {
        K8sLog.Entry entry = parse("2026-11-28T19:51:19.123456789Z stdout F hello world");

        assertThat(entry.time()).isEqualTo(Instant.parse("2026-11-28T19:51:19.123456789Z"));
        assertThat(entry.stream()).isEqualTo(1);
        assertThat(text(entry)).isEqualTo("hello world\n");
    }

    @Test
    void stderrIsStreamTwo() {
        K8sLog.Entry entry = parse("2026-11-28T19:51:19.1Z stderr F err");

        assertThat(entry.stream()).isEqualTo(2);
        assertThat(text(entry)).isEqualTo("err\n");
    }

    @Test
    void aPartialLineHasNoNewline() {
        K8sLog.Entry entry = parse("2026-11-28T19:51:19Z stdout P no newline yet");

        assertThat(text(entry)).isEqualTo("no newline yet");
    }

    @Test
    void spacesInTheTextAreKept() {
        K8sLog.Entry entry = parse("2026-11-28T19:51:19Z stdout F   indented  text ");

        assertThat(text(entry)).isEqualTo("  indented  text \n");
    }

    @Test
    void anEmptyFullLineIsJustANewline() {
        assertThat(text(parse("2026-11-28T19:51:19Z stdout F "))).isEqualTo("\n");
        assertThat(text(parse("2026-11-28T19:51:19Z stdout F"))).isEqualTo("\n");
    }

    @Test
    void anEmptyPartialRecordIsEmpty() {
        assertThat(text(parse("2026-11-28T19:51:19Z stdout P"))).isEmpty();
        assertThat(text(parse("2026-11-28T19:51:19Z stderr P "))).isEmpty();
    }

    @Test
    void timesWithAnOffsetAreConvertedToUtc() {
        K8sLog.Entry entry = parse("2026-11-28T21:51:19.5+02:00 stdout F x");

        assertThat(entry.time()).isEqualTo(Instant.parse("2026-11-28T19:51:19.5Z"));
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] buffer = "2026-11-28T19:51:19Z stdout F abc GARBAGE".getBytes(StandardCharsets.UTF_8);

        K8sLog.Entry entry = K8sLog.parse(buffer, buffer.length - " GARBAGE".length());

        assertThat(text(entry)).isEqualTo("abc\n");
    }

    @Test
    void binaryAndUtf8TextIsKeptByteForByte() {
        byte[] prefix = "2026-11-28T19:51:19Z stdout F ".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = {(byte) 0xc3, (byte) 0xa9, 0x00, (byte) 0xff, '\r'};
        byte[] line = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(payload, 0, line, prefix.length, payload.length);

        K8sLog.Entry entry = K8sLog.parse(line, line.length);

        assertThat(entry.data()).containsExactly((byte) 0xc3, (byte) 0xa9, 0x00, (byte) 0xff, '\r', '\n');
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "",
        "garbage",
        "2026-11-28T19:51:19Z",
        "2026-11-28T19:51:19Z stdout",
        "yesterday stdout F text",
        "2026-11-28 stdout F text",
        " stdout F text",
        "2026-11-28T19:51:19Z stdin F text",
        "2026-11-28T19:51:19Z  F text"
    })
    void malformedLinesAreNull(String line) {
        assertThat(parse(line)).isNull();
    }

    private static K8sLog.Entry parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return K8sLog.parse(bytes, bytes.length);
    }

    private static String text(K8sLog.Entry entry) {
        return new String(entry.data(), StandardCharsets.UTF_8);
    }
}
