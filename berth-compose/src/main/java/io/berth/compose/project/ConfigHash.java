package io.berth.compose.project;

import io.berth.common.Digest;
import io.berth.compose.output.ModelWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code com.docker.compose.config-hash} of a service: a digest of its resolved configuration
 * without what does not change its containers (build, pull policy, scale, replicas, profiles,
 * dependencies), plus the real names of the networks and volumes it uses; {@code up} recreates a
 * service's containers when it changes.
 */
public final class ConfigHash {
    private ConfigHash() {}

    @SuppressWarnings("unchecked")
    public static String of(Map<String, Object> service, Map<String, Object> resources) {
        var copy = new LinkedHashMap<>(service);
        for (String key : new String[] {"build", "pull_policy", "scale", "profiles", "depends_on"}) {
            copy.remove(key);
        }
        if (copy.get("deploy") instanceof Map<?, ?> d) {
            var deploy = new LinkedHashMap<>((Map<String, Object>) d);
            deploy.remove("replicas");
            copy.put("deploy", deploy);
        }
        var all = new LinkedHashMap<String, Object>();
        all.put("service", copy);
        all.put("resources", resources);
        String json = ModelWriter.json(all);
        return Digest.sha256(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).encoded();
    }
}
