package io.berth.cli.command;

import io.berth.common.InvalidArgumentException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker's time arguments: RFC 3339 dates, Unix timestamps, or durations back from now ({@code 10m}, {@code 1h30m}). */
public final class Times {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Times() {}

    /** A Go duration ({@code 1m30s}, {@code 500ms}, {@code -2s}, {@code 0}) for {@code flag}, as pflag's DurationVar reads it. */
    public static Duration goDuration(String value, String flag) {
        String v = value.strip();
        boolean negative = v.startsWith("-");
        String body = negative || v.startsWith("+") ? v.substring(1) : v;
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(body);
        Duration total = Duration.ZERO;
        int end = 0;
        while (!body.isEmpty() && m.find() && m.start() == end) {
            var amount = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.plusNanos(amount.multiply(BigDecimal.valueOf(unit)).longValue());
            end = m.end();
        }
        if (body.isEmpty() || end != body.length()) {
            throw new InvalidArgumentException("invalid argument \"" + value + "\" for \"" + flag
                    + "\" flag: time: invalid duration \"" + value + "\"");
        }
        return negative ? total.negated() : total;
    }

    public static Instant parse(String value, Instant now, String flag) {
        String v = value.strip();
        if (v.matches("\\d+(\\.\\d+)?")) {
            var decimal = new BigDecimal(v);
            long seconds = decimal.longValue();
            return Instant.ofEpochSecond(seconds, decimal.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue());
        }
        Matcher m = DURATION.matcher(v);
        if (!v.isEmpty()) {
            Duration total = Duration.ZERO;
            int end = 0;
            while (m.find() && m.start() == end) {
                double amount = Double.parseDouble(m.group(1));
                long nanos = (long) (amount * switch (m.group(2)) {
                    case "ns" -> 1L;
                    case "us", "µs" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    default -> 3_600_000_000_000L;
                });
                total = total.plusNanos(nanos);
                end = m.end();
            }
            if (end == v.length()) {
                return now.minus(total);
            }
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (RuntimeException ignored) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException ignored) {
            // try a date alone
        }
        try {
            return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("invalid value for \"" + flag + "\": failed to parse value as time or duration: \""
                    + value + "\"");
        }
    }
}
