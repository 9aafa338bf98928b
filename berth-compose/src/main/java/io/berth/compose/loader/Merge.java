package io.berth.compose.loader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compose's rules for merging an override file into the files before it (and a service into the
 * one it {@code extends}): mappings merge key by key, scalars are replaced, {@code command},
 * {@code entrypoint} and {@code healthcheck.test} are replaced whole, {@code environment},
 * {@code labels}, {@code extra_hosts}, {@code sysctls}, {@code annotations}, {@code depends_on},
 * {@code networks} and {@code build} merge as mappings whatever syntax each side uses,
 * {@code ports}, {@code volumes} (by target), {@code secrets}, {@code configs} and the other
 * sequences append what is new. {@code !reset} removes a value, {@code !override} replaces it unmerged.
 */
public final class Merge {
    private Merge() {}

    /** {@code over} merged onto {@code base}; neither is changed. */
    public static Map<String, Object> files(Map<String, Object> base, Map<String, Object> over) {
        return map(base, over, "");
    }

    /** A service merged onto the one it extends. */
    public static Map<String, Object> service(Map<String, Object> base, Map<String, Object> over) {
        return map(base, over, "services.*");
    }

    private static Map<String, Object> map(Map<String, Object> base, Map<String, Object> over, String path) {
        var out = new LinkedHashMap<String, Object>();
        base.forEach((k, v) -> out.put(k, strip(v)));
        over.forEach((k, v) -> {
            String p = path.isEmpty() ? k : path + "." + pattern(path, k);
            if (v instanceof ComposeYaml.ResetTag) {
                out.remove(k);
            } else if (v instanceof ComposeYaml.OverrideTag o) {
                out.put(k, strip(o.value()));
            } else if (out.containsKey(k) && out.get(k) != null && v != null) {
                out.put(k, value(out.get(k), v, p));
            } else {
                out.put(k, strip(v));
            }
        });
        return out;
    }

    /** Keys below {@code services}, {@code networks}, ... are names: rules match them as {@code *}. */
    private static String pattern(String parent, String key) {
        return switch (parent) {
            case "services", "networks", "volumes", "secrets", "configs", "services.*.ulimits" -> "*";
            default -> key;
        };
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object base, Object over, String path) {
        switch (path) {
            case "services.*.command", "services.*.entrypoint", "services.*.healthcheck.test" -> {
                return strip(over);
            }
            case "services.*.environment", "services.*.labels", "services.*.sysctls", "services.*.annotations",
                 "services.*.build.args", "services.*.build.labels", "services.*.deploy.labels",
                 "services.*.extra_hosts", "services.*.build.extra_hosts" -> {
                return map(Shapes.toMap(base, path), Shapes.toMap(over, path), path);
            }
            case "services.*.depends_on" -> {
                return map(Shapes.dependsOn(base), Shapes.dependsOn(over), path);
            }
            case "services.*.networks" -> {
                return map(Shapes.serviceNetworks(base), Shapes.serviceNetworks(over), path);
            }
            case "services.*.build" -> {
                return map(Shapes.build(base), Shapes.build(over), path);
            }
            case "services.*.logging" -> {
                var b = (Map<String, Object>) base;
                var o = (Map<String, Object>) over;
                if (o.containsKey("driver") && b.containsKey("driver") && !Objects.equals(o.get("driver"), b.get("driver"))) {
                    return strip(o);
                }
                return map(b, o, path);
            }
            case "services.*.ports" -> {
                return unique((List<Object>) base, (List<Object>) over, Shapes::portKey);
            }
            case "services.*.volumes" -> {
                return unique((List<Object>) base, (List<Object>) over, Shapes::volumeTarget);
            }
            case "services.*.secrets", "services.*.configs" -> {
                return unique((List<Object>) base, (List<Object>) over, Shapes::fileReferenceKey);
            }
            default -> { }
        }
        if (base instanceof Map<?, ?> b && over instanceof Map<?, ?> o) {
            return map((Map<String, Object>) b, (Map<String, Object>) o, path);
        }
        if (base instanceof List<?> b && over instanceof List<?> o) {
            return unique((List<Object>) b, (List<Object>) o, Function.identity());
        }
        return strip(over);
    }

    /** The base's entries, those whose key the override repeats replaced in place, then the override's new ones. */
    private static List<Object> unique(List<Object> base, List<Object> over, Function<Object, Object> key) {
        var byKey = new LinkedHashMap<Object, Object>();
        var order = new ArrayList<Object>();
        for (Object v : base) {
            Object k = key.apply(v);
            if (!byKey.containsKey(k)) {
                order.add(k);
            }
            byKey.put(k, strip(v));
        }
        for (Object v : over) {
            Object k = key.apply(v);
            if (!byKey.containsKey(k)) {
                order.add(k);
            }
            byKey.put(k, strip(v));
        }
        var out = new ArrayList<Object>(order.size());
        order.forEach(k -> out.add(byKey.get(k)));
        return out;
    }

    /** Removes merge tags from a value that is taken as it is. */
    static Object strip(Object v) {
        return switch (v) {
            case ComposeYaml.OverrideTag o -> strip(o.value());
            case Map<?, ?> m -> {
                var out = new LinkedHashMap<String, Object>();
                m.forEach((k, x) -> {
                    if (!(x instanceof ComposeYaml.ResetTag)) {
                        out.put((String) k, strip(x));
                    }
                });
                yield out;
            }
            case List<?> l -> {
                var out = new ArrayList<Object>();
                l.forEach(x -> {
                    if (!(x instanceof ComposeYaml.ResetTag)) {
                        out.add(strip(x));
                    }
                });
                yield out;
            }
            case ComposeYaml.ResetTag r -> null;
            case null, default -> v;
        };
    }
}
