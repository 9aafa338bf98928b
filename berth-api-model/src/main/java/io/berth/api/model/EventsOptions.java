package io.berth.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /events?since=&until=&filters=}: with {@code since} or {@code until} the stored events
 * in that window come first; without {@code until} the stream then follows new events until the
 * client leaves, with a future {@code until} until that time. {@code filters} is Docker's
 * {@code map[string][]string}.
 */
public record EventsOptions(Optional<Instant> since, Optional<Instant> until, Map<String, List<String>> filters) {
    public EventsOptions {
        filters = Map.copyOf(filters);
    }

    /** Every new event, as it happens. */
    public static EventsOptions follow() {
        return new EventsOptions(Optional.empty(), Optional.empty(), Map.of());
    }
}
