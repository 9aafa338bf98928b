package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The docker CLI's configuration file, {@code config.json} in {@code $DOCKER_CONFIG} or else
 * {@code ~/.docker}: the settings Berth's CLI shares with docker's (so far {@code detachKeys}).
 * A missing or unreadable file is no configuration, as for the docker CLI.
 */
public final class CliConfigFile {
    private CliConfigFile() {}

    /** The file the CLI reads, for this environment. */
    public static Path path(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir, "config.json");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".docker", "config.json");
    }

    /** {@code detachKeys} of the user's file, if set and not empty. */
    public static Optional<String> detachKeys() {
        return detachKeys(path(System.getenv()));
    }

    static Optional<String> detachKeys(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            JsonNode keys = Json.mapper().readTree(Files.readString(file)).path("detachKeys");
            return keys.isTextual() && !keys.asText().isEmpty() ? Optional.of(keys.asText()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The CLI's detach keys: the {@code --detach-keys} flag, else the file's. */
    public static Optional<String> detachKeys(String flag) {
        return flag != null && !flag.isEmpty() ? Optional.of(flag) : detachKeys();
    }
}
