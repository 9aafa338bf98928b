package io.berth.engine.volume;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A volume as Berth records it (state kind {@code volume}). {@code labels} and {@code options} are
 * null when none were given, as Docker shows them ({@code "Options": null}); otherwise copied.
 */
public record VolumeRecord(String name, String driver, String createdAt, Map<String, String> labels,
                           Map<String, String> options) {
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

    public VolumeRecord {
        // sorted, as Go writes a map in JSON
        labels = labels == null ? null : Collections.unmodifiableMap(new TreeMap<>(labels));
        options = options == null ? null : Collections.unmodifiableMap(new TreeMap<>(options));
    }

    public Map<String, String> labelsOrEmpty() {
        return labels == null ? Map.of() : labels;
    }

    public Map<String, String> optionsOrEmpty() {
        return options == null ? Map.of() : options;
    }

    public boolean anonymous() {
        return labelsOrEmpty().containsKey(ANONYMOUS_LABEL);
    }
}
