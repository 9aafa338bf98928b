package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiVersionTest {
    @Test
    void parsesMajorAndMinor() {
        ApiVersion version = ApiVersion.parse("1.41");

        assertThat(version).isEqualTo(new ApiVersion(1, 41));
        assertThat(version).hasToString("1.41");
    }

    @Test
    void theSupportedRangeIsDockersNewestAndOldest() {
        assertThat(ApiVersion.MAX).hasToString("1.47");
        assertThat(ApiVersion.MIN).hasToString("1.24");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "1", "1.", ".41", "one.two", "1.41.2", "v1.41"})
    void malformedVersionsAreInvalid(String text) {
        assertThatThrownBy(() -> ApiVersion.parse(text))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid API version: " + text);
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertThat(ApiVersion.parse("1.9")).isLessThan(ApiVersion.parse("1.10"));
        assertThat(ApiVersion.parse("2.0")).isGreaterThan(ApiVersion.parse("1.99"));
        assertThat(ApiVersion.parse("1.41")).isEqualByComparingTo(new ApiVersion(1, 41));
    }

    @Test
    void atLeastAndBelow() {
        ApiVersion version = ApiVersion.parse("1.41");

        assertThat(version.atLeast(1, 41)).isTrue();
        assertThat(version.atLeast(1, 44)).isFalse();
        assertThat(version.below(1, 44)).isTrue();
        assertThat(version.below(1, 41)).isFalse();
    }

    @Test
    void versionsInsideTheRangeAreSupported() {
        assertThat(ApiVersion.parse("1.24").checkSupported()).isEqualTo(ApiVersion.MIN);
        assertThat(ApiVersion.parse("1.41").checkSupported()).isEqualTo(new ApiVersion(1, 41));
        assertThat(ApiVersion.parse("1.47").checkSupported()).isEqualTo(ApiVersion.MAX);
    }

    @Test
    void aTooNewVersionHasDockersMessage() {
        assertThatThrownBy(() -> ApiVersion.parse("1.99").checkSupported())
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("client version 1.99 is too new. Maximum supported API version is 1.47");
    }

    @Test
    void aTooOldVersionHasDockersMessage() {
        assertThatThrownBy(() -> ApiVersion.parse("1.11").checkSupported())
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("client version 1.11 is too old. Minimum supported API version is 1.24, "
                        + "please upgrade your client to a newer version");
    }
}
