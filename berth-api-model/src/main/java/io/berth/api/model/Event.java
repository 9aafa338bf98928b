package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One message of {@code GET /events} as Docker writes it: swagger's {@link EventMessage} plus the
 * deprecated {@code status}, {@code id} and {@code from} that Docker still fills for container
 * events ({@code from} is the image) and image events, and leaves out for the others. Attributes
 * are sorted by key, as Go writes a map.
 * <pre>
 * {"status":"die","id":"2304…","from":"busybox","Type":"container","Action":"die",
 *  "Actor":{"ID":"2304…","Attributes":{"exitCode":"3","image":"busybox","name":"exited"}},
 *  "scope":"local","time":1795895479,"timeNano":1795895479336273659}
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonPropertyOrder({"status", "id", "from", "Type", "Action", "Actor", "scope", "time", "timeNano"})
public record Event(
        @JsonProperty("status") Optional<String> status,
        @JsonProperty("id") Optional<String> id,
        @JsonProperty("from") Optional<String> from,
        @JsonProperty("Type") String type,
        @JsonProperty("Action") String action,
        @JsonProperty("Actor") EventActor actor,
        @JsonProperty("scope") String scope,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano) {

    public static final String CONTAINER = "container";
    public static final String IMAGE = "image";
    public static final String NETWORK = "network";
    public static final String VOLUME = "volume";
    public static final String DAEMON = "daemon";
    public static final String SCOPE_LOCAL = "local";

    public Event {
        status = status == null ? Optional.empty() : status;
        id = id == null ? Optional.empty() : id;
        from = from == null ? Optional.empty() : from;
        actor = actor == null ? EventActor.builder().id("").attributes(Map.of()).build() : actor;
    }

    /** An event of the daemon's, at {@code at}, with the legacy fields filled as Docker fills them. */
    public static Event of(String type, String action, String actorId, Map<String, String> attributes, Instant at) {
        var sorted = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
        boolean legacy = type.equals(CONTAINER) || type.equals(IMAGE);
        String image = type.equals(CONTAINER) ? sorted.getOrDefault("image", "") : "";
        return new Event(
                legacy ? Optional.of(action) : Optional.empty(),
                legacy ? Optional.of(actorId) : Optional.empty(),
                image.isEmpty() ? Optional.empty() : Optional.of(image),
                type, action, EventActor.builder().id(actorId).attributes(sorted).build(), SCOPE_LOCAL,
                at.getEpochSecond(), at.getEpochSecond() * 1_000_000_000L + at.getNano());
    }

    /** The actor's attributes; never null. */
    public Map<String, String> attributes() {
        return actor.attributes() == null ? Map.of() : actor.attributes();
    }

    /** When it happened, to the nanosecond ({@code time} alone when an old daemon sent no {@code timeNano}). */
    @JsonIgnore
    public Instant instant() {
        return timeNano != 0 ? Instant.ofEpochSecond(0, timeNano) : Instant.ofEpochSecond(time);
    }
}
