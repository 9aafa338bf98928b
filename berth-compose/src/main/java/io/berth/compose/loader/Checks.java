package io.berth.compose.loader;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Compose checks once the model is whole, with its messages: every network, volume, secret
 * and config a service names is declared, every service it depends on exists, a service has an
 * image or a build, a fixed container name is not scaled, and dependencies have no cycle.
 */
public final class Checks {
    private static final String INVALID = ": invalid compose project";

    private Checks() {}

    @SuppressWarnings("unchecked")
    static void project(Map<String, Object> model) {
        var services = (Map<String, Map<String, Object>>) model.getOrDefault("services", Map.of());
        var networks = (Map<String, Object>) model.getOrDefault("networks", Map.of());
        var volumes = (Map<String, Object>) model.getOrDefault("volumes", Map.of());
        var secrets = (Map<String, Object>) model.getOrDefault("secrets", Map.of());
        var configs = (Map<String, Object>) model.getOrDefault("configs", Map.of());
        for (var e : services.entrySet()) {
            String name = e.getKey();
            var svc = e.getValue();
            if (svc.get("image") == null && svc.get("build") == null) {
                throw new InvalidArgumentException("service \"" + name
                        + "\" has neither an image nor a build context specified" + INVALID);
            }
            if (svc.get("networks") instanceof Map<?, ?> n) {
                for (Object net : n.keySet()) {
                    if (!networks.containsKey(net)) {
                        throw new InvalidArgumentException("service \"" + name + "\" refers to undefined network " + net
                                + INVALID);
                    }
                }
            }
            if (svc.get("volumes") instanceof List<?> l) {
                for (Object v : l) {
                    var m = (Map<String, Object>) v;
                    if ("volume".equals(m.get("type")) && m.get("source") != null && !volumes.containsKey(m.get("source"))) {
                        throw new InvalidArgumentException("service \"" + name + "\" refers to undefined volume "
                                + m.get("source") + INVALID);
                    }
                }
            }
            for (var ref : List.of(Map.entry("secrets", secrets), Map.entry("configs", configs))) {
                if (svc.get(ref.getKey()) instanceof List<?> l) {
                    for (Object v : l) {
                        Object source = ((Map<String, Object>) v).get("source");
                        if (!ref.getValue().containsKey(source)) {
                            throw new InvalidArgumentException("service \"" + name + "\" refers to undefined "
                                    + ref.getKey().substring(0, ref.getKey().length() - 1) + " " + source + INVALID);
                        }
                    }
                }
            }
            if (svc.get("depends_on") instanceof Map<?, ?> deps) {
                for (var d : ((Map<String, Object>) deps).entrySet()) {
                    boolean required = !(d.getValue() instanceof Map<?, ?> dm) || !Boolean.FALSE.equals(dm.get("required"));
                    if (required && !services.containsKey(d.getKey())) {
                        throw new InvalidArgumentException("service \"" + name + "\" depends on undefined service \""
                                + d.getKey() + "\"" + INVALID);
                    }
                }
            }
            for (String key : List.of("network_mode", "ipc", "pid")) {
                if (svc.get(key) instanceof String mode && mode.startsWith("service:")
                        && !services.containsKey(mode.substring("service:".length()))) {
                    throw new InvalidArgumentException("service \"" + name + "\" depends on undefined service \""
                            + mode.substring("service:".length()) + "\"" + INVALID);
                }
            }
            if (svc.get("container_name") != null && replicas(svc) > 1) {
                throw new InvalidArgumentException("services." + name + ": can't set container_name and " + name
                        + " as container name must be unique" + INVALID);
            }
        }
        cycles(services);
    }

    /** How many containers the service wants: {@code scale}, else {@code deploy.replicas}, else 1. */
    @SuppressWarnings("unchecked")
    public static int replicas(Map<String, Object> svc) {
        if (svc.get("scale") instanceof Number n) {
            return n.intValue();
        }
        if (svc.get("deploy") instanceof Map<?, ?> d && ((Map<String, Object>) d).get("replicas") instanceof Number n) {
            return n.intValue();
        }
        return 1;
    }

    /** The services {@code svc} needs first: depends_on, links, volumes_from and {@code service:} modes. */
    @SuppressWarnings("unchecked")
    public static Set<String> dependencies(Map<String, Object> svc, Set<String> known) {
        var out = new LinkedHashSet<String>();
        if (svc.get("depends_on") instanceof Map<?, ?> deps) {
            out.addAll((Set<String>) deps.keySet());
        }
        if (svc.get("links") instanceof List<?> links) {
            links.forEach(l -> out.add(String.valueOf(l).split(":")[0]));
        }
        if (svc.get("volumes_from") instanceof List<?> from) {
            from.forEach(f -> {
                String s = String.valueOf(f);
                if (!s.startsWith("container:")) {
                    out.add(s.split(":")[0]);
                }
            });
        }
        for (String key : List.of("network_mode", "ipc", "pid")) {
            if (svc.get(key) instanceof String mode && mode.startsWith("service:")) {
                out.add(mode.substring("service:".length()));
            }
        }
        out.retainAll(known);
        return out;
    }

    private static void cycles(Map<String, Map<String, Object>> services) {
        var state = new HashMap<String, Integer>();
        for (String name : services.keySet()) {
            visit(name, services, state, new ArrayList<>());
        }
    }

    private static void visit(String name, Map<String, Map<String, Object>> services, Map<String, Integer> state,
                              List<String> stack) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            var cycle = new ArrayList<>(stack.subList(stack.indexOf(name), stack.size()));
            cycle.add(name);
            throw new InvalidArgumentException("dependency cycle detected: " + String.join(" -> ", cycle));
        }
        state.put(name, 1);
        stack.add(name);
        for (String dep : dependencies(services.get(name), services.keySet())) {
            visit(dep, services, state, stack);
        }
        stack.removeLast();
        state.put(name, 2);
    }
}
