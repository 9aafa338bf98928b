package io.berth.engine.build;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.common.Json;
import io.berth.store.state.StateStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How often and when a build cache entry was last used (a hit): the {@code build-cache-use} kind of
 * the state store, keyed as the cache. An entry that was never hit has no record: it was used once,
 * when it was made.
 */
record CacheUse(@JsonProperty("LastUsedAt") String lastUsedAt, @JsonProperty("UsageCount") long usageCount) {
    static final String KIND = "build-cache-use";

    /** Counts a hit of {@code key}. */
    static void hit(StateStore state, String key) {
        long count = state.get(KIND, key).map(d -> Json.read(d.body(), CacheUse.class).usageCount()).orElse(1L);
        state.put(KIND, key, null, Json.write(new CacheUse(Instant.now().toString(), count + 1)));
    }

    /** A new image under {@code key}: its uses start again. */
    static void reset(StateStore state, String key) {
        state.delete(KIND, key);
    }

    static Map<String, CacheUse> all(StateStore state) {
        var out = new HashMap<String, CacheUse>();
        for (var doc : state.list(KIND)) {
            out.put(doc.id(), Json.read(doc.body(), CacheUse.class));
        }
        return out;
    }
}
