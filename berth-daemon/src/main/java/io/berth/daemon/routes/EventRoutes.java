package io.berth.daemon.routes;

import io.berth.api.model.DockerApi;
import io.berth.api.model.EventsOptions;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.daemon.http.Request;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.events.EventBus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** {@code GET /events}: newline-delimited JSON, one event per chunk. */
public final class EventRoutes implements Router.RouteGroup {
    private final EventBus events;

    public EventRoutes(EventBus events) {
        this.events = events;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("GET", "/events", this::events);
    }

    private Response events(Request req) {
        var options = new EventsOptions(time(req.query("since"), "since"), time(req.query("until"), "until"),
                req.filters());
        events.check(options); // a bad filter is a 400 before the first byte
        // opened in the body, so a client gone before the headers leaves no subscription behind
        return new Response.Stream(200, DockerApi.MEDIA_JSON, out -> {
            try (var stream = events.open(options)) {
                stream.forEach(event -> {
                    out.write(Json.writeBytes(event));
                    out.write('\n');
                    out.flush();
                });
            }
        }, true);
    }

    /**
     * Docker's {@code since}/{@code until}: Unix seconds with an optional fraction ({@code 1700000000},
     * {@code 1700000000.123456789}, as the docker CLI sends them), or an RFC 3339 time.
     */
    static Optional<Instant> time(Optional<String> value, String name) {
        var v = value.map(String::strip).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String text = v.get();
        if (text.matches("-?\\d+(\\.\\d*)?")) {
            var decimal = new BigDecimal(text);
            long seconds = decimal.longValue();
            long nanos = decimal.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue();
            return Optional.of(Instant.ofEpochSecond(seconds, nanos));
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("invalid value for " + name + ": " + text
                    + " (want Unix seconds, with an optional fraction, or an RFC 3339 time)");
        }
    }
}
