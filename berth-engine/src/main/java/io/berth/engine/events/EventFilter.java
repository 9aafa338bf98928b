package io.berth.engine.events;

import io.berth.api.model.Event;
import io.berth.common.BerthException;
import io.berth.common.InvalidArgumentException;
import io.berth.image.ref.ImageRef;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /events?filters=}, matched as Docker matches them: different keys must all match;
 * several values of one key match if any does, except {@code label}, where every value must
 * ({@code key} present, or {@code key=value}). {@code container}, {@code network}, {@code volume},
 * {@code daemon} (and the swarm keys) match the actor's ID or {@code name} attribute by prefix,
 * so an event of another type never matches them; {@code image} matches the image of a container
 * event or the name of an image event, with or without its tag; {@code type}, {@code event} and
 * {@code scope} match exactly.
 */
public final class EventFilter {
    /** The keys Docker accepts; any other is a 400 before the stream starts. */
    static final Set<String> KEYS = Set.of("config", "container", "daemon", "event", "image", "label", "network",
            "node", "plugin", "scope", "secret", "service", "type", "volume");
    /** Keys that match an object of their own type by ID or name prefix. */
    private static final List<String> BY_NAME = List.of("config", "container", "daemon", "network", "node", "plugin",
            "secret", "service", "volume");
    /** {@code event} values that match by prefix ({@code exec_create} matches {@code exec_create: sh}). */
    private static final Set<String> PREFIX_ACTIONS = Set.of("health_status", "exec_create", "exec_start");

    private static final EventFilter NONE = new EventFilter(Map.of());

    private final Map<String, Set<String>> filters;

    private EventFilter(Map<String, Set<String>> filters) {
        this.filters = filters;
    }

    /** Checks every key; an empty map matches everything. */
    public static EventFilter parse(Map<String, List<String>> filters) {
        if (filters.isEmpty()) {
            return NONE;
        }
        var parsed = new LinkedHashMap<String, Set<String>>();
        filters.forEach((key, values) -> {
            if (!KEYS.contains(key)) {
                throw new InvalidArgumentException("invalid filter '" + key + "'");
            }
            if (!values.isEmpty()) {
                parsed.computeIfAbsent(key, _ -> new LinkedHashSet<>()).addAll(values);
            }
        });
        return new EventFilter(Map.copyOf(parsed));
    }

    public boolean matches(Event event) {
        if (filters.isEmpty()) {
            return true;
        }
        if (!matchesAction(event.action()) || !exact("type", event.type()) || !exact("scope", event.scope())) {
            return false;
        }
        for (String key : BY_NAME) {
            if (!prefix(key, event.actor().id()) && !prefix(key, event.attributes().get("name"))) {
                return false;
            }
        }
        return matchesImage(event) && matchesLabels(event.attributes());
    }

    private boolean matchesAction(String action) {
        Set<String> wanted = filters.get("event");
        if (wanted != null && wanted.stream().anyMatch(PREFIX_ACTIONS::contains)) {
            return prefix("event", action);
        }
        return exact("event", action);
    }

    private boolean matchesImage(Event event) {
        if (!filters.containsKey("image")) {
            return true;
        }
        String id = event.actor().id();
        String name = event.attributes().getOrDefault(event.type().equals(Event.IMAGE) ? "name" : "image", "");
        return exact("image", id) || exact("image", name) || exact("image", withoutTag(id))
                || exact("image", withoutTag(name));
    }

    private boolean matchesLabels(Map<String, String> attributes) {
        Set<String> labels = filters.get("label");
        if (labels == null) {
            return true;
        }
        for (String label : labels) {
            int eq = label.indexOf('=');
            String key = eq < 0 ? label : label.substring(0, eq);
            String value = attributes.get(key);
            if (value == null || (eq >= 0 && !value.equals(label.substring(eq + 1)))) {
                return false;
            }
        }
        return true;
    }

    /** Docker's ExactMatch: no filter for the key, or one of its values equals {@code source}. */
    private boolean exact(String key, String source) {
        Set<String> values = filters.get(key);
        return values == null || values.contains(source);
    }

    /** Docker's FuzzyMatch: no filter for the key, or {@code source} equals or starts with one of its values. */
    private boolean prefix(String key, String source) {
        Set<String> values = filters.get(key);
        if (values == null) {
            return true;
        }
        if (source == null) {
            return false;
        }
        return values.stream().anyMatch(source::startsWith);
    }

    /** {@code busybox:latest} → {@code busybox}, {@code docker.io/library/busybox} → {@code busybox}; anything else as is. */
    private static String withoutTag(String image) {
        if (image.isEmpty()) {
            return image;
        }
        try {
            return ImageRef.parseNormalized(image).familiarRepository();
        } catch (BerthException e) {
            return image;
        }
    }
}
