package io.berth.compose.loader;

import io.berth.common.InvalidArgumentException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Puts a merged model in Compose's canonical form, the one {@code config} prints and {@code up}
 * runs: services, networks and volumes sorted by name, a service's keys sorted, short syntaxes in
 * long form, {@code env_file}s read into {@code environment}, relative paths resolved against the
 * project directory, the implicit {@code default} network, and each network and volume given the
 * name it has on the engine ({@code <project>_<key>} unless external or named).
 */
final class Normalizer {
    private final String project;
    private final Path dir;
    private final Map<String, String> env;
    private final List<String> warnings;

    Normalizer(String project, Path dir, Map<String, String> env, List<String> warnings) {
        this.project = project;
        this.dir = dir;
        this.env = env;
        this.warnings = warnings;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> project(Map<String, Object> model) {
        var out = new LinkedHashMap<String, Object>();
        out.put("name", project);
        var services = new TreeMap<String, Object>();
        if (model.get("services") instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((name, svc) -> services.put(name,
                    service(name, svc == null ? new LinkedHashMap<>() : (Map<String, Object>) svc)));
        }
        out.put("services", new LinkedHashMap<>(services));
        boolean usesDefault = services.values().stream().anyMatch(s -> ((Map<String, Object>) s).get("networks")
                instanceof Map<?, ?> n && n.containsKey("default"));
        var networks = new TreeMap<String, Object>();
        if (model.get("networks") instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((k, v) -> networks.put(k, resource(k, v, "networks")));
        }
        if (usesDefault && !networks.containsKey("default")) {
            networks.put("default", resource("default", null, "networks"));
        }
        if (!networks.isEmpty()) {
            out.put("networks", new LinkedHashMap<>(networks));
        }
        for (String section : List.of("volumes", "secrets", "configs")) {
            if (model.get(section) instanceof Map<?, ?> m && !m.isEmpty()) {
                var sorted = new TreeMap<String, Object>();
                ((Map<String, Object>) m).forEach((k, v) -> sorted.put(k, resource(k, v, section)));
                out.put(section, new LinkedHashMap<>(sorted));
            }
        }
        model.forEach((k, v) -> {
            if (k.startsWith("x-")) {
                out.put(k, v);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resource(String key, Object value, String section) {
        var in = value instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<String, Object>();
        var out = new TreeMap<String, Object>();
        Object external = in.get("external");
        boolean isExternal = false;
        if (external instanceof Map<?, ?> legacy) {
            isExternal = true;
            if (legacy.get("name") != null && !in.containsKey("name")) {
                in.put("name", String.valueOf(legacy.get("name")));
            }
            in.put("external", true);
        } else if (external != null) {
            isExternal = bool(external, section + "." + key + ".external");
            in.put("external", isExternal);
        }
        in.forEach((k, v) -> {
            switch (k) {
                case "labels" -> out.put(k, stringMap(v, "labels"));
                case "internal", "attachable", "enable_ipv4", "enable_ipv6" -> out.put(k, bool(v, section + "." + key + "." + k));
                case "file" -> out.put(k, absolute(String.valueOf(v)));
                default -> out.put(k, v);
            }
        });
        if (!out.containsKey("name") && (section.equals("networks") || section.equals("volumes"))) {
            out.put("name", isExternal ? key : project + "_" + key);
        }
        if (!out.containsKey("name") && !isExternal && (section.equals("secrets") || section.equals("configs"))) {
            out.put("name", project + "_" + key);
        }
        var ordered = new LinkedHashMap<String, Object>();
        if (out.containsKey("name")) {
            ordered.put("name", out.remove("name"));
        }
        ordered.putAll(out);
        return ordered;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(String name, Map<String, Object> in) {
        String at = "services." + name;
        var out = new TreeMap<String, Object>();
        for (var e : in.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            String path = at + "." + k;
            if (v == null && !k.equals("entrypoint") && !k.equals("command")) {
                continue;
            }
            switch (k) {
                case "build" -> out.put(k, build(v));
                case "command", "entrypoint" -> out.put(k, v == null ? null : command(v));
                case "environment", "env_file" -> { }
                case "labels", "annotations", "sysctls" -> out.put(k, stringMap(v, k));
                case "extra_hosts" -> out.put(k, extraHosts(v));
                case "ports" -> out.put(k, ports((List<Object>) v, path));
                case "expose" -> out.put(k, ((List<Object>) v).stream().map(Normalizer::scalar).toList());
                case "networks" -> out.put(k, serviceNetworks(v));
                case "volumes" -> out.put(k, volumes((List<Object>) v));
                case "tmpfs", "dns", "dns_search", "dns_opt" -> out.put(k, v instanceof List<?> l
                        ? l.stream().map(Normalizer::scalar).toList() : List.of(scalar(v)));
                case "depends_on" -> out.put(k, dependsOn(v, path));
                case "secrets", "configs" -> out.put(k, fileReferences((List<Object>) v));
                case "mem_limit", "memswap_limit", "mem_reservation", "shm_size" -> out.put(k, bytes(v, path));
                case "cpus" -> out.put(k, number(v, path));
                case "healthcheck" -> out.put(k, healthcheck((Map<String, Object>) v, path));
                case "privileged", "read_only", "tty", "stdin_open", "init", "oom_kill_disable" ->
                        out.put(k, bool(v, path));
                case "scale", "pids_limit", "cpu_shares", "oom_score_adj" -> out.put(k, integer(v, path));
                case "container_name", "hostname", "domainname", "user", "working_dir", "image", "restart",
                     "stop_signal", "stop_grace_period", "network_mode", "pull_policy", "platform" -> out.put(k, scalar(v));
                case "deploy" -> out.put(k, deploy((Map<String, Object>) v, path));
                default -> out.put(k, v);
            }
        }
        var environment = environment(in, at);
        if (!environment.isEmpty()) {
            out.put("environment", environment);
        }
        if (!out.containsKey("networks") && !out.containsKey("network_mode")) {
            var n = new LinkedHashMap<String, Object>();
            n.put("default", null);
            out.put("networks", n);
        }
        return new LinkedHashMap<>(out);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> build(Object v) {
        var in = Shapes.build(v);
        var out = new TreeMap<String, Object>();
        in.forEach((k, x) -> {
            switch (k) {
                case "context" -> out.put(k, absolute(String.valueOf(x)));
                case "labels" -> out.put(k, stringMap(x, k));
                case "args" -> {
                    var args = new TreeMap<String, Object>();
                    Shapes.toMap(x, k).forEach((name, value) -> args.put(name, value == null ? env.get(name) : scalar(value)));
                    out.put(k, new LinkedHashMap<>(args));
                }
                default -> out.put(k, x);
            }
        });
        out.putIfAbsent("context", dir.toString());
        if (!out.containsKey("dockerfile_inline")) {
            out.putIfAbsent("dockerfile", "Dockerfile");
        }
        var ordered = new LinkedHashMap<String, Object>();
        ordered.put("context", out.remove("context"));
        if (out.containsKey("dockerfile")) {
            ordered.put("dockerfile", out.remove("dockerfile"));
        }
        ordered.putAll(out);
        return ordered;
    }

    private static List<String> command(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(Normalizer::scalar).toList();
        }
        return Shapes.splitCommand(scalar(v));
    }

    /** {@code env_file}s read in order, then {@code environment} over them; a bare KEY takes the project's value. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(Map<String, Object> svc, String at) {
        var out = new TreeMap<String, Object>();
        Object envFile = svc.get("env_file");
        if (envFile != null) {
            List<Object> files = envFile instanceof List<?> l ? (List<Object>) l : List.of(envFile);
            for (Object f : files) {
                String path;
                boolean required = true;
                if (f instanceof Map<?, ?> m) {
                    path = String.valueOf(m.get("path"));
                    if (m.get("required") != null) {
                        required = bool(m.get("required"), at + ".env_file.required");
                    }
                } else {
                    path = String.valueOf(f);
                }
                Path file = Path.of(absolute(path));
                if (!java.nio.file.Files.isRegularFile(file)) {
                    if (required) {
                        throw new InvalidArgumentException("env file " + file + " not found: stat " + file
                                + ": no such file or directory");
                    }
                    continue;
                }
                DotEnv.read(file, k -> Optional.ofNullable(env.get(k))).forEach(out::put);
            }
        }
        Object environment = svc.get("environment");
        if (environment != null) {
            Shapes.toMap(environment, "environment").forEach((k, v) -> {
                if (v == null) {
                    out.put(k, env.get(k));
                } else {
                    out.put(k, scalar(v));
                }
            });
        }
        return new LinkedHashMap<>(out);
    }

    private static Map<String, Object> stringMap(Object v, String path) {
        var out = new TreeMap<String, Object>();
        Shapes.toMap(v, path).forEach((k, x) -> out.put(k, x == null ? "" : scalar(x)));
        return new LinkedHashMap<>(out);
    }

    private static List<String> extraHosts(Object v) {
        var out = new ArrayList<String>();
        Shapes.toMap(v, "extra_hosts").forEach((host, ip) -> {
            if (ip instanceof List<?> ips) {
                ips.forEach(i -> out.add(host + "=" + i));
            } else {
                out.add(host + "=" + (ip == null ? "" : scalar(ip)));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Object> ports(List<Object> in, String path) {
        var out = new ArrayList<Object>();
        for (Object p : in) {
            if (p instanceof Map<?, ?> m) {
                var entry = new LinkedHashMap<String, Object>();
                var src = (Map<String, Object>) m;
                if (src.get("name") != null) {
                    entry.put("name", scalar(src.get("name")));
                }
                entry.put("mode", src.get("mode") == null ? "ingress" : scalar(src.get("mode")));
                if (src.get("host_ip") != null) {
                    entry.put("host_ip", scalar(src.get("host_ip")));
                }
                entry.put("target", integer(src.get("target"), path + ".target"));
                if (src.get("published") != null && !scalar(src.get("published")).isEmpty()) {
                    entry.put("published", scalar(src.get("published")));
                }
                entry.put("protocol", src.get("protocol") == null ? "tcp" : scalar(src.get("protocol")));
                if (src.get("app_protocol") != null) {
                    entry.put("app_protocol", scalar(src.get("app_protocol")));
                }
                out.add(entry);
            } else {
                out.addAll(Shapes.ports(scalar(p)));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> serviceNetworks(Object v) {
        var out = new TreeMap<String, Object>();
        Shapes.serviceNetworks(v).forEach((k, x) -> {
            if (x instanceof Map<?, ?> m) {
                var settings = new TreeMap<String, Object>((Map<String, Object>) m);
                if (settings.get("aliases") instanceof List<?> a) {
                    settings.put("aliases", a.stream().map(Normalizer::scalar).toList());
                }
                out.put(k, new LinkedHashMap<>(settings));
            } else {
                out.put(k, null);
            }
        });
        return new LinkedHashMap<>(out);
    }

    @SuppressWarnings("unchecked")
    private List<Object> volumes(List<Object> in) {
        var out = new ArrayList<Object>();
        for (Object v : in) {
            Map<String, Object> entry = v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                    : Shapes.volume(scalar(v));
            if ("bind".equals(entry.get("type")) && entry.get("source") != null) {
                entry.put("source", absolute(scalar(entry.get("source"))));
            }
            if (entry.get("read_only") != null) {
                entry.put("read_only", bool(entry.get("read_only"), "volumes.read_only"));
            }
            var ordered = new LinkedHashMap<String, Object>();
            for (String k : List.of("type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs",
                    "image")) {
                if (entry.containsKey(k)) {
                    ordered.put(k, entry.remove(k));
                }
            }
            ordered.putAll(entry);
            out.add(ordered);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> dependsOn(Object v, String path) {
        var out = new TreeMap<String, Object>();
        Shapes.dependsOn(v).forEach((k, x) -> {
            var src = x instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
            var entry = new LinkedHashMap<String, Object>();
            entry.put("condition", src.get("condition") == null ? "service_started" : scalar(src.get("condition")));
            if (src.get("restart") != null && bool(src.get("restart"), path + "." + k + ".restart")) {
                entry.put("restart", true);
            }
            entry.put("required", src.get("required") == null || bool(src.get("required"), path + "." + k + ".required"));
            out.put(k, entry);
        });
        return new LinkedHashMap<>(out);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> fileReferences(List<Object> in) {
        var out = new ArrayList<Object>();
        for (Object v : in) {
            if (v instanceof Map<?, ?> m) {
                out.add(new LinkedHashMap<>((Map<String, Object>) m));
            } else {
                var e = new LinkedHashMap<String, Object>();
                e.put("source", scalar(v));
                out.add(e);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> healthcheck(Map<String, Object> in, String path) {
        var out = new TreeMap<String, Object>(in);
        Object test = out.get("test");
        if (test instanceof String s) {
            out.put("test", List.of("CMD-SHELL", s));
        }
        if (out.get("retries") != null) {
            out.put("retries", integer(out.get("retries"), path + ".retries"));
        }
        if (out.get("disable") != null) {
            out.put("disable", bool(out.get("disable"), path + ".disable"));
        }
        return new LinkedHashMap<>(out);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> deploy(Map<String, Object> in, String path) {
        var out = new LinkedHashMap<>(in);
        if (out.get("replicas") != null) {
            out.put("replicas", integer(out.get("replicas"), path + ".replicas"));
        }
        if (out.get("resources") instanceof Map<?, ?> r) {
            var resources = new LinkedHashMap<String, Object>();
            ((Map<String, Object>) r).forEach((k, x) -> {
                if (x instanceof Map<?, ?> limits) {
                    var l = new LinkedHashMap<>((Map<String, Object>) limits);
                    if (l.get("memory") != null) {
                        l.put("memory", bytes(l.get("memory"), path + ".resources." + k + ".memory"));
                    }
                    if (l.get("cpus") != null) {
                        l.put("cpus", scalar(l.get("cpus")));
                    }
                    resources.put(k, l);
                } else {
                    resources.put(k, x);
                }
            });
            out.put("resources", resources);
        }
        return out;
    }

    private String absolute(String p) {
        if (p.contains("://") || p.startsWith("git@")) {
            return p;
        }
        if (p.equals("~") || p.startsWith("~/")) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            return Path.of(home + p.substring(1)).normalize().toString();
        }
        return dir.resolve(p).normalize().toString();
    }

    static String scalar(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return new BigDecimal(d).toPlainString();
        }
        return String.valueOf(v);
    }

    static boolean bool(Object v, String path) {
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "y", "on", "1" -> true;
            case "false", "no", "n", "off", "0", "" -> false;
            default -> throw new InvalidArgumentException(path + ": invalid boolean: " + v);
        };
    }

    static long integer(Object v, String path) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return d.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(path + ": invalid integer: " + v);
        }
    }

    static double number(Object v, String path) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(path + ": invalid number: " + v);
        }
    }

    static String bytes(Object v, String path) {
        return Sizes.bytes(v, path);
    }
}
