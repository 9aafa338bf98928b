package io.berth.engine.logs;

import io.berth.api.model.HostConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daemon's log driver and options (daemon.json {@code log-driver} and {@code log-opts},
 * berthd {@code --log-driver}/{@code --log-opt}), merged into each new container's LogConfig as
 * Docker's {@code mergeAndVerifyLogConfig} does.
 */
public record LogDefaults(String driver, Map<String, String> options) {
    public static final LogDefaults DOCKER = new LogDefaults("json-file", Map.of());

    public LogDefaults {
        options = Map.copyOf(options);
        LogSettings.of(driver, options); // a daemon with a bad default does not start
    }

    /**
     * A new container's LogConfig: the daemon's driver when it names none; the daemon's options
     * when it uses the daemon's driver and does not set them itself. Validated.
     */
    public HostConfig.LogConfig merge(HostConfig.LogConfig requested) {
        String type = requested == null || requested.type() == null || requested.type().isEmpty()
                ? driver : requested.type();
        var config = new LinkedHashMap<String, String>();
        if (requested != null && requested.config() != null) {
            config.putAll(requested.config());
        }
        if (type.equals(driver)) {
            new TreeMap<>(options).forEach(config::putIfAbsent);
        }
        LogSettings.of(type, config);
        return HostConfig.LogConfig.builder().type(type).config(config).build();
    }
}
