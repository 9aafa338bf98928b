package io.berth.compose.project;

import io.berth.common.InvalidArgumentException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration strings ({@code 1m30s}, {@code 500ms}, {@code 2h}), as compose files write them. */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    static Duration parse(Object value, String path) {
        if (value instanceof Number n) {
            return Duration.ofSeconds(n.longValue());
        }
        String s = String.valueOf(value).strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            nanos += (long) (amount * switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            });
            end = m.end();
        }
        if (end == 0 || end != s.length()) {
            throw new InvalidArgumentException(path + ": invalid duration: \"" + s + "\"");
        }
        return Duration.ofNanos(nanos);
    }
}
