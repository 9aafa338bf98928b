package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void sha256OfEmptyContentIsTheWellKnownValue() {
        Digest digest = Digest.sha256(new byte[0]);

        assertThat(digest.toString()).isEqualTo("sha256:" + EMPTY_SHA256);
        assertThat(digest.algorithm()).isEqualTo("sha256");
        assertThat(digest.encoded()).isEqualTo(EMPTY_SHA256);
    }

    @Test
    void sha256OfKnownText() {
        Digest digest = Digest.sha256("hello\n".getBytes(StandardCharsets.UTF_8));

        assertThat(digest).hasToString("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    }

    @Test
    void parseRoundTripsToString() {
        String text = "sha256:" + EMPTY_SHA256;

        Digest digest = Digest.parse(text);

        assertThat(digest).isEqualTo(new Digest("sha256", EMPTY_SHA256));
        assertThat(digest.toString()).isEqualTo(text);
    }

    @Test
    void ofSha256FinishesARunningDigest() {
        var running = Digest.newSha256();
        running.update("hel".getBytes(StandardCharsets.UTF_8));
        running.update("lo\n".getBytes(StandardCharsets.UTF_8));

        Digest digest = Digest.ofSha256(running);

        assertThat(digest).isEqualTo(Digest.sha256("hello\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parseRejectsTextWithoutAColon() {
        assertThatThrownBy(() -> Digest.parse(EMPTY_SHA256))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid digest: " + EMPTY_SHA256);
    }

    @Test
    void parseRejectsOtherAlgorithms() {
        assertThatThrownBy(() -> Digest.parse("sha512:" + EMPTY_SHA256))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid digest: sha512:" + EMPTY_SHA256);
    }

    @Test
    void parseRejectsUpperCaseShortAndLongHex() {
        assertThatThrownBy(() -> Digest.parse("sha256:" + EMPTY_SHA256.toUpperCase()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Digest.parse("sha256:" + EMPTY_SHA256.substring(1)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Digest.parse("sha256:" + EMPTY_SHA256 + "0"))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Digest.parse("sha256:"))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void constructorRejectsNullEncoding() {
        assertThatThrownBy(() -> new Digest("sha256", null))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid digest: sha256:null");
    }
}
