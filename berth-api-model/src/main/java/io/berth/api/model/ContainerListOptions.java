package io.berth.api.model;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code GET /containers/json?all=&limit=&size=&filters=}. {@code filters} is Docker's
 * {@code map[string][]string} (the {@code {"status":{"exited":true}}} form is normalised by the
 * route).
 */
public record ContainerListOptions(boolean all, OptionalInt limit, boolean size, Map<String, List<String>> filters) {
    public ContainerListOptions {
        filters = Map.copyOf(filters);
    }

    public static ContainerListOptions running() {
        return new ContainerListOptions(false, OptionalInt.empty(), false, Map.of());
    }
}
