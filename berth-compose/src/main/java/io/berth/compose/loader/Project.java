package io.berth.compose.loader;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded project: its name, directory, files, the environment its files were interpolated with,
 * and the resolved model in Compose's canonical form (what {@code config} prints): long syntax for
 * ports, volumes and {@code depends_on}, absolute paths, mappings for environment and labels, every
 * network and volume with its real {@code name}.
 */
public record Project(String name, Path workingDirectory, List<Path> configFiles, Map<String, String> environment,
                      Map<String, Object> model, List<String> warnings) {

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> services() {
        Object s = model.get("services");
        return s == null ? new LinkedHashMap<>() : (Map<String, Map<String, Object>>) s;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> section(String name) {
        Object s = model.get(name);
        return s == null ? new LinkedHashMap<>() : (Map<String, Map<String, Object>>) s;
    }

    public Map<String, Map<String, Object>> networks() {
        return section("networks");
    }

    public Map<String, Map<String, Object>> volumes() {
        return section("volumes");
    }
}
