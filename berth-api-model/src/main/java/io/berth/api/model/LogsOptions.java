package io.berth.api.model;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code GET /containers/{id}/logs}: which streams, whether to follow, the time window, how many
 * lines from the end ({@code tail}; empty means all) and whether to prefix timestamps.
 */
public record LogsOptions(boolean stdout, boolean stderr, boolean follow, Optional<Instant> since,
                          Optional<Instant> until, OptionalInt tail, boolean timestamps) {
    public static LogsOptions all() {
        return new LogsOptions(true, true, false, Optional.empty(), Optional.empty(), OptionalInt.empty(), false);
    }
}
