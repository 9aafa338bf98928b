package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void randomIdsAreSixtyFourLowerCaseHexCharacters() {
        String id = Ids.random();

        assertThat(id).hasSize(64).matches("[a-f0-9]{64}");
        assertThat(Ids.isFullId(id)).isTrue();
    }

    @Test
    void randomIdsDoNotRepeat() {
        Set<String> ids = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            ids.add(Ids.random());
        }

        assertThat(ids).hasSize(1000);
    }

    @Test
    void shortIdIsTheFirstTwelveCharacters() {
        String id = "4c8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

        assertThat(Ids.shortId(id)).isEqualTo("4c8a1b2c3d4e");
    }

    @Test
    void shortIdDropsTheDigestAlgorithm() {
        String id = "sha256:4c8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

        assertThat(Ids.shortId(id)).isEqualTo("4c8a1b2c3d4e");
    }

    @Test
    void shortIdKeepsShortInputWhole() {
        assertThat(Ids.shortId("abc")).isEqualTo("abc");
        assertThat(Ids.shortId("sha256:abc")).isEqualTo("abc");
        assertThat(Ids.shortId("")).isEmpty();
    }

    @Test
    void isFullIdRejectsPrefixesUpperCaseAndDigests() {
        String id = "4c8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

        assertThat(Ids.isFullId(id.substring(0, 12))).isFalse();
        assertThat(Ids.isFullId(id.toUpperCase())).isFalse();
        assertThat(Ids.isFullId("sha256:" + id)).isFalse();
        assertThat(Ids.isFullId(id + "0")).isFalse();
        assertThat(Ids.isFullId("web")).isFalse();
    }
}
