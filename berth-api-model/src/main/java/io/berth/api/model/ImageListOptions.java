package io.berth.api.model;

import java.util.List;
import java.util.Map;

/** {@code GET /images/json?all=&filters=&digests=}. */
public record ImageListOptions(boolean all, Map<String, List<String>> filters, boolean digests) {
    public ImageListOptions {
        filters = Map.copyOf(filters);
    }
}
