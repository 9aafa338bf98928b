package io.berth.engine.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Log times as nanoseconds since the epoch, read from and written as RFC 3339 without going
 * through {@link java.time} for the common shapes: conmon's {@code 2026-11-28T19:51:19.123456789+01:00}
 * and Docker's {@code 2026-11-28T18:51:19.123456789Z} (Go's RFC3339Nano: trailing zeros dropped).
 */
final class LogTime {
    /** A time that could not be read. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private long cachedSecond = Long.MIN_VALUE;
    private final byte[] cachedPrefix = new byte[19];

    /** Writes {@code nanos} as Go's RFC3339Nano in UTC; reuses the date and time of the previous call's second. */
    void format(long nanos, ByteSink out) {
        long second = Math.floorDiv(nanos, 1_000_000_000L);
        int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
        if (second != cachedSecond) {
            fillPrefix(second);
            cachedSecond = second;
        }
        out.write(cachedPrefix);
        if (nano != 0) {
            out.write('.');
            int digits = 9;
            int value = nano;
            while (value % 10 == 0) {
                value /= 10;
                digits--;
            }
            out.ensure(digits);
            int divisor = 100_000_000;
            for (int i = 0; i < digits; i++) {
                out.write('0' + nano / divisor % 10);
                divisor /= 10;
            }
        }
        out.write('Z');
    }

    static String format(long nanos) {
        var sink = new ByteSink(40);
        new LogTime().format(nanos, sink);
        return new String(sink.array(), 0, sink.size(), StandardCharsets.US_ASCII);
    }

    /** Docker's {@code --timestamps}: RFC3339 with all nine fraction digits, UTC. */
    static byte[] fixed(long nanos) {
        var sink = new ByteSink(32);
        var time = new LogTime();
        time.fillPrefix(Math.floorDiv(nanos, 1_000_000_000L));
        sink.write(time.cachedPrefix);
        sink.write('.');
        String fraction = Long.toString(Math.floorMod(nanos, 1_000_000_000L) + 1_000_000_000L).substring(1);
        sink.write(fraction.getBytes(StandardCharsets.US_ASCII));
        sink.write('Z');
        return sink.toByteArray();
    }

    private void fillPrefix(long second) {
        long days = Math.floorDiv(second, 86_400L);
        int secondOfDay = (int) Math.floorMod(second, 86_400L);
        // civil from days (H. Hinnant)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        put4(0, (int) year);
        cachedPrefix[4] = '-';
        put2(5, month);
        cachedPrefix[7] = '-';
        put2(8, day);
        cachedPrefix[10] = 'T';
        put2(11, secondOfDay / 3600);
        cachedPrefix[13] = ':';
        put2(14, secondOfDay / 60 % 60);
        cachedPrefix[16] = ':';
        put2(17, secondOfDay % 60);
    }

    private void put2(int at, int value) {
        cachedPrefix[at] = (byte) ('0' + value / 10);
        cachedPrefix[at + 1] = (byte) ('0' + value % 10);
    }

    private void put4(int at, int value) {
        put2(at, value / 100);
        put2(at + 2, value % 100);
    }

    /** Reads an RFC 3339 time; {@link #UNKNOWN} when it is not one. */
    static long parse(byte[] b, int offset, int length) {
        long fast = parseFast(b, offset, length);
        if (fast != UNKNOWN) {
            return fast;
        }
        try {
            String text = new String(b, offset, length, StandardCharsets.US_ASCII);
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        } catch (DateTimeParseException | ArithmeticException e) {
            return UNKNOWN;
        }
    }

    private static long parseFast(byte[] b, int o, int length) {
        if (length < 20 || b[o + 4] != '-' || b[o + 7] != '-' || b[o + 10] != 'T' || b[o + 13] != ':'
                || b[o + 16] != ':') {
            return UNKNOWN;
        }
        int year = digits(b, o, 4);
        int month = digits(b, o + 5, 2);
        int day = digits(b, o + 8, 2);
        int hour = digits(b, o + 11, 2);
        int minute = digits(b, o + 14, 2);
        int second = digits(b, o + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return UNKNOWN;
        }
        int i = o + 19;
        int end = o + length;
        long nano = 0;
        if (i < end && b[i] == '.') {
            i++;
            int start = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (i - start < 9) {
                    nano = nano * 10 + (b[i] - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return UNKNOWN;
            }
            for (int k = count; k < 9; k++) {
                nano *= 10;
            }
        }
        int offsetSeconds;
        if (i == end - 1 && (b[i] == 'Z' || b[i] == 'z')) {
            offsetSeconds = 0;
        } else if (i == end - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2);
            int om = digits(b, i + 4, 2);
            if (oh < 0 || om < 0) {
                return UNKNOWN;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
        } else {
            return UNKNOWN;
        }
        long days = daysFromCivil(year, month, day);
        long epochSecond = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSecond * 1_000_000_000L + nano;
    }

    private static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int digits(byte[] b, int at, int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            int d = b[at + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
