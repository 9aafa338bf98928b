package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogTimeTest {
    @Test
    void formatsAsGosRfc3339NanoInUtc() {
        assertThat(LogTime.format(nanos("2026-11-28T18:51:19.123456789Z"))).isEqualTo("2026-11-28T18:51:19.123456789Z");
        assertThat(LogTime.format(nanos("2026-11-28T18:51:19.120Z"))).isEqualTo("2026-11-28T18:51:19.12Z");
        assertThat(LogTime.format(nanos("2026-11-28T18:51:19Z"))).isEqualTo("2026-11-28T18:51:19Z");
        assertThat(LogTime.format(nanos("1999-12-31T23:59:59.000000001Z"))).isEqualTo("1999-12-31T23:59:59.000000001Z");
        assertThat(LogTime.format(nanos("2024-02-29T00:00:00.5Z"))).isEqualTo("2024-02-29T00:00:00.5Z");
    }

    @Test
    void timestampsOptionUsesNineDigits() {
        assertThat(new String(LogTime.fixed(nanos("2026-11-28T18:51:19.12Z")), StandardCharsets.US_ASCII))
                .isEqualTo("2026-11-28T18:51:19.120000000Z");
    }

    @Test
    void parsesConmonsLocalTimesAndDockersUtcOnes() {
        assertThat(parse("2026-11-28T19:51:19.123456789+01:00")).isEqualTo(nanos("2026-11-28T18:51:19.123456789Z"));
        assertThat(parse("2026-11-28T13:21:19.5-05:30")).isEqualTo(nanos("2026-11-28T18:51:19.5Z"));
        assertThat(parse("2026-11-28T18:51:19Z")).isEqualTo(nanos("2026-11-28T18:51:19Z"));
        assertThat(parse("2024-02-29T23:59:59.999999999Z")).isEqualTo(nanos("2024-02-29T23:59:59.999999999Z"));
        assertThat(parse("1970-01-01T00:00:00Z")).isZero();
        assertThat(parse("not a time")).isEqualTo(LogTime.UNKNOWN);
        assertThat(parse("2026-13-28T18:51:19Z")).isEqualTo(LogTime.UNKNOWN);
    }

    @Test
    void roundTripsOverManyDays() {
        long start = nanos("1969-12-25T00:00:00Z");
        for (long day = 0; day < 200_000; day += 37) {
            long t = start + day * 86_400_000_000_000L + day * 1_234_567L;
            assertThat(parse(LogTime.format(t))).isEqualTo(t);
        }
    }

    private static long parse(String text) {
        byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
        return LogTime.parse(b, 2, text.length());
    }

    static long nanos(String text) {
        return LogTime.nanos(Instant.parse(text));
    }
}
