package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
    private static boolean feed(DetachKeys.Matcher matcher, String text, ByteArrayOutputStream forward) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return matcher.feed(bytes, bytes.length, forward);
    }

    @Test
    void theSequenceIsFoundAcrossReadsAndNotForwarded() {
        var matcher = new DetachKeys.Matcher(DetachKeys.DEFAULT);
        var forward = new ByteArrayOutputStream();

        assertThat(feed(matcher, "ls\u0010", forward)).isFalse();
        assertThat(feed(matcher, "\u0011", forward)).isTrue();
        assertThat(forward.toString(StandardCharsets.ISO_8859_1)).isEqualTo("ls");
    }

    @Test
    void aBrokenSequenceIsForwardedAfterAll() {
        var matcher = new DetachKeys.Matcher(DetachKeys.DEFAULT);
        var forward = new ByteArrayOutputStream();

        assertThat(feed(matcher, "\u0010x\u0010\u0010", forward)).isFalse();
        assertThat(feed(matcher, "\u0011", forward)).isTrue();
        assertThat(forward.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u0010x\u0010");
    }

    @Test
    void customKeys() {
        var matcher = new DetachKeys.Matcher(DetachKeys.parse("ctrl-a,d"));
        var forward = new ByteArrayOutputStream();

        assertThat(feed(matcher, "echo\u0001d", forward)).isTrue();
        assertThat(forward.toString(StandardCharsets.ISO_8859_1)).isEqualTo("echo");
    }
}
