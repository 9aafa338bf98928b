package io.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimesTest {
    private static final Instant NOW = Instant.parse("2026-11-28T20:00:00Z");

    @ParameterizedTest(name = "{0} before now")
    @CsvSource(delimiter = '|', textBlock = """
            10m       | PT10M
            1h30m     | PT1H30M
            1h        | PT1H
            45s       | PT45S
            1.5h      | PT1H30M
            2h3m4s    | PT2H3M4S
            500ms     | PT0.5S
            250us     | PT0.00025S
            250µs     | PT0.00025S
            100ns     | PT0.0000001S
            """)
    void durationsCountBackFromNow(String text, String duration) {
        Instant instant = Times.parse(text, NOW, "since");

        assertThat(instant).isEqualTo(NOW.minus(Duration.parse(duration)));
    }

    @Test
    void rfc3339TimesWithZoneOrOffset() {
        assertThat(Times.parse("2026-11-28T19:51:03Z", NOW, "since")).isEqualTo(Instant.parse("2026-11-28T19:51:03Z"));
        assertThat(Times.parse("2026-11-28T19:51:03.267227693Z", NOW, "since"))
                .isEqualTo(Instant.parse("2026-11-28T19:51:03.267227693Z"));
        assertThat(Times.parse("2026-11-28T21:51:03+02:00", NOW, "since"))
                .isEqualTo(Instant.parse("2026-11-28T19:51:03Z"));
    }

    @Test
    void timesWithoutZoneAndDatesAreUtc() {
        assertThat(Times.parse("2026-11-28T19:51:03", NOW, "until")).isEqualTo(Instant.parse("2026-11-28T19:51:03Z"));
        assertThat(Times.parse("2026-11-28", NOW, "until")).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
    }

    @Test
    void unixSecondsWithOptionalFraction() {
        assertThat(Times.parse("1795895478", NOW, "since")).isEqualTo(Instant.ofEpochSecond(1_795_895_478L));
        assertThat(Times.parse("1795895478.5", NOW, "since")).isEqualTo(Instant.ofEpochSecond(1_795_895_478L, 500_000_000));
        assertThat(Times.parse("1795895478.000000001", NOW, "since"))
                .isEqualTo(Instant.ofEpochSecond(1_795_895_478L, 1));
        assertThat(Times.parse("0", NOW, "since")).isEqualTo(Instant.EPOCH);
        assertThat(Times.parse(" 10 ", NOW, "since")).isEqualTo(Instant.ofEpochSecond(10));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"yesterday", "10x", "1h30", "h", "", "2026-13-01", "1h 30m"})
    void anythingElseIsAnInvalidValueForTheFlag(String text) {
        assertThatThrownBy(() -> Times.parse(text, NOW, "since"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid value for \"since\": failed to parse value as time or duration: \"" + text + "\"");
    }
}
