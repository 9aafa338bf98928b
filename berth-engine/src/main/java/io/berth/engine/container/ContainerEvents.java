package io.berth.engine.container;

import java.util.HashMap;
import java.util.Map;

/** The attributes of a container's events, as Docker sets them: the container's labels, its image and name. */
final class ContainerEvents {
    private ContainerEvents() {}

    /** Labels first, then {@code image} and {@code name}, then {@code extra} ({@code exitCode}, {@code signal}, …). */
    static Map<String, String> attributes(Container c, Map<String, String> extra) {
        var attributes = new HashMap<String, String>();
        if (c.config() != null && c.config().labels() != null) {
            attributes.putAll(c.config().labels());
        }
        attributes.put("image", c.image());
        attributes.put("name", c.name());
        attributes.putAll(extra);
        return attributes;
    }
}
