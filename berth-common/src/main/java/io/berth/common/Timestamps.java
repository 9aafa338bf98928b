package io.berth.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** Go's {@code time.RFC3339Nano} in UTC, as Docker writes times: {@code 2026-11-28T19:51:03.267227693Z}. */
public final class Timestamps {
    private static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String rfc3339Nano(Instant instant) {
        return RFC3339_NANO.format(instant);
    }

    public static String now() {
        return rfc3339Nano(Instant.now());
    }
}
