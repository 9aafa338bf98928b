package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-28T19:51:03.267227693Z | 2026-11-28T19:51:03.267227693Z
            2026-11-28T19:51:03.267227690Z | 2026-11-28T19:51:03.26722769Z
            2026-11-28T19:51:03.100Z       | 2026-11-28T19:51:03.1Z
            2026-11-28T19:51:03.000000001Z | 2026-11-28T19:51:03.000000001Z
            2026-11-28T19:51:03Z           | 2026-11-28T19:51:03Z
            2026-11-28T19:51:03.000Z       | 2026-11-28T19:51:03Z
            1970-01-01T00:00:00Z           | 1970-01-01T00:00:00Z
            0001-01-01T00:00:00Z           | 0001-01-01T00:00:00Z
            """)
    void formatsLikeGoRfc3339NanoWithTrailingZerosTrimmed(String instant, String expected) {
        String text = Timestamps.rfc3339Nano(Instant.parse(instant));

        assertThat(text).isEqualTo(expected);
    }

    @Test
    void formattedTimesParseBackToTheSameInstant() {
        Instant instant = Instant.ofEpochSecond(1_795_000_000L, 120_000_000);

        String text = Timestamps.rfc3339Nano(instant);

        assertThat(text).isEqualTo("2026-11-18T11:06:40.12Z");
        assertThat(Instant.parse(text)).isEqualTo(instant);
    }

    @Test
    void nowIsUtcWithAZ() {
        Instant before = Instant.now();

        String text = Timestamps.now();

        assertThat(text).endsWith("Z").doesNotContain("+");
        assertThat(Instant.parse(text)).isBetween(before, Instant.now());
    }
}
