package io.berth.engine;

import io.berth.common.InvalidArgumentException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters of Docker's prune endpoints ({@code until}, {@code label}, {@code label!}, and what
 * each endpoint adds), checked and read as moby reads them: an unknown filter is a 400
 * {@code invalid filter 'x'}; every {@code label} must match; an object goes only when every
 * {@code label!} matches it; {@code until} is a time or a Go duration before now.
 */
public record PruneFilters(Map<String, List<String>> filters, Optional<Instant> until) {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    public PruneFilters {
        filters = Map.copyOf(filters);
    }

    /** Checks the names against {@code accepted} and reads {@code until}. */
    public static PruneFilters parse(Map<String, List<String>> filters, Set<String> accepted) {
        for (String name : filters.keySet()) {
            if (!accepted.contains(name)) {
                throw new InvalidArgumentException("invalid filter '" + name + "'");
            }
        }
        Optional<Instant> until = Optional.empty();
        var values = filters.getOrDefault("until", List.of());
        if (values.size() > 1) {
            throw new InvalidArgumentException("more than one until filter specified");
        }
        if (values.size() == 1) {
            until = Optional.of(timestamp(values.getFirst(), Instant.now()));
        }
        return new PruneFilters(filters, until);
    }

    public List<String> values(String name) {
        return filters.getOrDefault(name, List.of());
    }

    /** A boolean filter such as {@code dangling} or {@code all}: {@code absent} when not given. */
    public boolean bool(String name, boolean absent) {
        var values = values(name);
        if (values.isEmpty()) {
            return absent;
        }
        String value = values.getFirst();
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new InvalidArgumentException("invalid filter '" + name + "=" + value + "'");
        };
    }

    /** {@code until}: created at or before the pivot (objects without a time are kept). */
    public boolean createdBefore(Optional<Instant> created) {
        return until.isEmpty() || created.map(c -> !c.isAfter(until.get())).orElse(false);
    }

    /** {@code label} and {@code label!} against an object's labels. */
    public boolean labelsMatch(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (String filter : values("label")) {
            if (!labelMatches(l, filter)) {
                return false;
            }
        }
        var negated = values("label!");
        if (!negated.isEmpty() && negated.stream().allMatch(f -> labelMatches(l, f))) {
            return false;
        }
        return true;
    }

    private static boolean labelMatches(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        String key = filter.substring(0, eq);
        return labels.containsKey(key) && labels.get(key).equals(filter.substring(eq + 1));
    }

    /**
     * Docker's timestamp forms: a Go duration ({@code 24h}, {@code 1h30m}) before {@code now}, Unix
     * seconds ({@code 1700000000.5}), RFC 3339, or a date and time without a zone (the host's zone).
     */
    public static Instant timestamp(String value, Instant now) {
        String v = value.strip();
        var duration = goDuration(v);
        if (duration.isPresent()) {
            return now.minus(duration.get());
        }
        if (v.matches("-?\\d+(\\.\\d+)?")) {
            int dot = v.indexOf('.');
            long seconds = Long.parseLong(dot < 0 ? v : v.substring(0, dot));
            long nanos = 0;
            if (dot >= 0) {
                String fraction = (v.substring(dot + 1) + "000000000").substring(0, 9);
                nanos = Long.parseLong(fraction);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // other shapes below
        }
        try {
            return LocalDateTime.parse(v).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException ignored) {
            // a date alone below
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException ignored) {
            throw new InvalidArgumentException("invalid value for 'until' filter: failed to parse value as time or "
                    + "duration: \"" + value + "\"");
        }
    }

    static Optional<Duration> goDuration(String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = DURATION_PART.matcher(value);
        int at = 0;
        double nanos = 0;
        while (m.find() && m.start() == at) {
            double amount = Double.parseDouble(m.group(1));
            nanos += amount * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = m.end();
        }
        if (at != value.length()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) nanos));
    }
}
