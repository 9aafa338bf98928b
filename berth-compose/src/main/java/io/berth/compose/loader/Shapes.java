package io.berth.compose.loader;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compose's short syntaxes turned into their long forms: ports, volumes, lists of KEY=VALUE, commands. */
public final class Shapes {
    private Shapes() {}

    /** A {@code KEY=VALUE} list (or a mapping) as a mapping; a bare {@code KEY} maps to null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(Object value, String path) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        var out = new LinkedHashMap<String, Object>();
        boolean hosts = path.endsWith("extra_hosts");
        for (Object item : (List<Object>) value) {
            String s = String.valueOf(item);
            int eq = s.indexOf('=');
            if (hosts && eq < 0) {
                eq = s.indexOf(':');
            }
            if (eq < 0) {
                out.put(s, null);
            } else {
                out.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        return out;
    }

    /** {@code depends_on} as a mapping of service to {@code {condition: ...}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> dependsOn(Object value) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        var out = new LinkedHashMap<String, Object>();
        for (Object item : (List<Object>) value) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("condition", "service_started");
            out.put(String.valueOf(item), entry);
        }
        return out;
    }

    /** A service's {@code networks} as a mapping of network to its settings (or null). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> serviceNetworks(Object value) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        var out = new LinkedHashMap<String, Object>();
        ((List<Object>) value).forEach(n -> out.put(String.valueOf(n), null));
        return out;
    }

    /** {@code build: dir} as {@code build: {context: dir}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> build(Object value) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("context", String.valueOf(value));
        return out;
    }

    /** What makes two port entries the same: host address, published port, target and protocol. */
    static Object portKey(Object entry) {
        if (entry instanceof Map<?, ?> m) {
            return m.get("host_ip") + ":" + m.get("published") + ":" + m.get("target") + "/"
                    + (m.get("protocol") == null ? "tcp" : m.get("protocol"));
        }
        var parsed = ports(String.valueOf(entry));
        return parsed.size() == 1 ? portKey(parsed.getFirst()) : String.valueOf(entry);
    }

    /** The mount point of a volume entry, short or long. */
    static Object volumeTarget(Object entry) {
        if (entry instanceof Map<?, ?> m) {
            return m.get("target");
        }
        return volume(String.valueOf(entry)).get("target");
    }

    /** What names a secret or config reference: its target, else its source. */
    static Object fileReferenceKey(Object entry) {
        if (entry instanceof Map<?, ?> m) {
            return m.get("target") != null ? m.get("target") : m.get("source");
        }
        return entry;
    }

    /**
     * One short port entry ({@code [HOST_IP:][HOST_PORT[-END]:]PORT[-END][/PROTOCOL]}) as long-syntax
     * entries, one per container port.
     */
    public static List<Map<String, Object>> ports(String spec) {
        String s = spec;
        String protocol = "tcp";
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            protocol = s.substring(slash + 1);
            s = s.substring(0, slash);
        }
        String hostIp = null;
        String published = null;
        String target;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw badPort(spec);
            }
            hostIp = s.substring(1, close);
            s = s.substring(close + 1);
            s = s.startsWith(":") ? s.substring(1) : s;
            int c = s.lastIndexOf(':');
            if (c < 0) {
                throw badPort(spec);
            }
            published = s.substring(0, c);
            target = s.substring(c + 1);
        } else {
            String[] parts = s.split(":", -1);
            switch (parts.length) {
                case 1 -> target = parts[0];
                case 2 -> {
                    published = parts[0];
                    target = parts[1];
                }
                case 3 -> {
                    hostIp = parts[0];
                    published = parts[1];
                    target = parts[2];
                }
                default -> {
                    // an IPv6 address without brackets: everything before the last two colons
                    int last = s.lastIndexOf(':');
                    int before = s.lastIndexOf(':', last - 1);
                    hostIp = s.substring(0, before);
                    published = s.substring(before + 1, last);
                    target = s.substring(last + 1);
                }
            }
        }
        if (published != null && published.isEmpty()) {
            published = null;
        }
        if (hostIp != null && hostIp.isEmpty()) {
            hostIp = null;
        }
        int[] targets = range(target, spec);
        int[] publishedRange = published == null ? null : range(published, spec);
        var out = new ArrayList<Map<String, Object>>();
        int count = targets[1] - targets[0] + 1;
        if (publishedRange != null && count > 1 && publishedRange[1] - publishedRange[0] + 1 != count) {
            throw new InvalidArgumentException("invalid ranges specified for container and host Ports: " + target
                    + " and " + published);
        }
        for (int i = 0; i < count; i++) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("mode", "ingress");
            if (hostIp != null) {
                entry.put("host_ip", hostIp);
            }
            entry.put("target", (long) (targets[0] + i));
            if (publishedRange != null) {
                entry.put("published", count > 1 ? Integer.toString(publishedRange[0] + i) : published);
            }
            entry.put("protocol", protocol);
            out.add(entry);
        }
        return out;
    }

    private static int[] range(String s, String spec) {
        try {
            int dash = s.indexOf('-');
            if (dash < 0) {
                int p = Integer.parseInt(s);
                return new int[] {p, p};
            }
            int a = Integer.parseInt(s.substring(0, dash));
            int b = Integer.parseInt(s.substring(dash + 1));
            if (b < a) {
                throw badPort(spec);
            }
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            throw badPort(spec);
        }
    }

    private static InvalidArgumentException badPort(String spec) {
        return new InvalidArgumentException("Invalid containerPort: " + spec);
    }

    /**
     * A short volume entry ({@code [SOURCE:]TARGET[:MODES]}) in long syntax; a source that starts
     * with {@code .}, {@code /} or {@code ~} is a bind mount (left relative here), else a volume name.
     */
    public static Map<String, Object> volume(String spec) {
        String[] parts = spec.split(":", -1);
        String source = null;
        String target;
        String modes = null;
        switch (parts.length) {
            case 1 -> target = parts[0];
            case 2 -> {
                source = parts[0];
                target = parts[1];
            }
            case 3 -> {
                source = parts[0];
                target = parts[1];
                modes = parts[2];
            }
            default -> throw new InvalidArgumentException("invalid spec: " + spec + ": too many colons");
        }
        if (target.isEmpty()) {
            throw new InvalidArgumentException("invalid spec: " + spec + ": empty section between colons");
        }
        var entry = new LinkedHashMap<String, Object>();
        boolean bind = source != null && (source.startsWith(".") || source.startsWith("/") || source.startsWith("~"));
        entry.put("type", bind ? "bind" : "volume");
        if (source != null && !source.isEmpty()) {
            entry.put("source", source);
        }
        entry.put("target", target);
        var bindOptions = new LinkedHashMap<String, Object>();
        var volumeOptions = new LinkedHashMap<String, Object>();
        if (modes != null) {
            for (String mode : modes.split(",")) {
                switch (mode) {
                    case "ro" -> entry.put("read_only", true);
                    case "rw" -> { }
                    case "z", "Z" -> bindOptions.put("selinux", mode);
                    case "nocopy" -> volumeOptions.put("nocopy", true);
                    case "shared", "rshared", "slave", "rslave", "private", "rprivate" ->
                            bindOptions.put("propagation", mode);
                    case "cached", "delegated", "consistent" -> entry.put("consistency", mode);
                    default -> throw new InvalidArgumentException("invalid spec: " + spec + ": unknown option: " + mode);
                }
            }
        }
        if (bind) {
            bindOptions.putFirst("create_host_path", true);
            entry.put("bind", bindOptions);
        } else {
            entry.put("volume", volumeOptions);
        }
        return entry;
    }

    /** A command line split as a POSIX shell would split it (quotes and backslashes, no expansion). */
    public static List<String> splitCommand(String line) {
        var out = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new InvalidArgumentException("invalid command line string: " + line);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
