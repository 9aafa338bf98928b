package io.berth.compose.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relative paths of a compose file made absolute against its directory, for a service that another
 * file {@code extends} and for {@code include}d projects: {@code build} contexts, {@code env_file}s,
 * bind mount sources, and the {@code file} of secrets and configs.
 */
final class Paths {
    private Paths() {}

    /** A copy of {@code service} with its relative paths resolved against {@code dir}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> rebase(Map<String, Object> service, Path dir, Path projectDir) {
        var out = new LinkedHashMap<>(service);
        Object build = out.get("build");
        if (build instanceof String s) {
            out.put("build", path(s, dir));
        } else if (build instanceof Map<?, ?> m && m.get("context") instanceof String c) {
            var b = new LinkedHashMap<>((Map<String, Object>) m);
            b.put("context", path(c, dir));
            out.put("build", b);
        } else if (build instanceof Map<?, ?> m && !m.containsKey("context")) {
            var b = new LinkedHashMap<>((Map<String, Object>) m);
            b.put("context", dir.toString());
            out.put("build", b);
        }
        Object envFile = out.get("env_file");
        if (envFile instanceof String s) {
            out.put("env_file", path(s, dir));
        } else if (envFile instanceof List<?> l) {
            var files = new ArrayList<Object>();
            for (Object f : l) {
                if (f instanceof String s) {
                    files.add(path(s, dir));
                } else if (f instanceof Map<?, ?> m && m.get("path") instanceof String p) {
                    var e = new LinkedHashMap<>((Map<String, Object>) m);
                    e.put("path", path(p, dir));
                    files.add(e);
                } else {
                    files.add(f);
                }
            }
            out.put("env_file", files);
        }
        if (out.get("volumes") instanceof List<?> l) {
            var volumes = new ArrayList<Object>();
            for (Object v : l) {
                if (v instanceof String s && s.startsWith(".")) {
                    int colon = s.indexOf(':');
                    volumes.add(colon < 0 ? s : path(s.substring(0, colon), dir) + s.substring(colon));
                } else if (v instanceof Map<?, ?> m && "bind".equals(m.get("type")) && m.get("source") instanceof String src
                        && !src.startsWith("/") && !src.startsWith("~")) {
                    var e = new LinkedHashMap<>((Map<String, Object>) m);
                    e.put("source", path(src, dir));
                    volumes.add(e);
                } else {
                    volumes.add(v);
                }
            }
            out.put("volumes", volumes);
        }
        return out;
    }

    /** A copy of a whole model with its relative paths resolved against {@code dir}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> absolute(Map<String, Object> model, Path dir, Map<String, String> env) {
        var out = new LinkedHashMap<>(model);
        if (out.get("services") instanceof Map<?, ?> services) {
            var s = new LinkedHashMap<String, Object>();
            ((Map<String, Object>) services).forEach((k, v) -> s.put(k,
                    v instanceof Map<?, ?> m ? rebase((Map<String, Object>) m, dir, dir) : v));
            out.put("services", s);
        }
        for (String section : List.of("secrets", "configs")) {
            if (out.get(section) instanceof Map<?, ?> entries) {
                var s = new LinkedHashMap<String, Object>();
                ((Map<String, Object>) entries).forEach((k, v) -> {
                    if (v instanceof Map<?, ?> m && m.get("file") instanceof String f) {
                        var e = new LinkedHashMap<>((Map<String, Object>) m);
                        e.put("file", path(f, dir));
                        s.put(k, e);
                    } else {
                        s.put(k, v);
                    }
                });
                out.put(section, s);
            }
        }
        return out;
    }

    static String path(String p, Path dir) {
        if (p.startsWith("/") || p.startsWith("~") || p.contains("://") || p.startsWith("git@")) {
            return p;
        }
        return dir.resolve(p).normalize().toString();
    }
}
