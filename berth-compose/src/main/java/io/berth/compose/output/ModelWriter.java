package io.berth.compose.output;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a canonical model as {@code docker compose config} does: YAML with two-space indents and
 * indented sequences, strings quoted only where YAML would read them as something else, multi-line
 * strings as literal blocks; or JSON indented by two spaces with Go's escaping of {@code <>&}.
 */
public final class ModelWriter {
    private static final Pattern NUMBER_LIKE = Pattern.compile(
            "^[-+]?(?:\\.[0-9]+|[0-9][0-9_]*(?:\\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$|^0[xXoObB][0-9a-fA-F_]+$|^[-+]?\\.(?:inf|Inf|INF)$|^\\.(?:nan|NaN|NAN)$|^[0-9]+(?::[0-5]?[0-9])+$");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null",
            "~", "True", "False", "TRUE", "FALSE", "Yes", "No", "YES", "NO", "On", "Off", "ON", "OFF", "Y", "N", "Null",
            "NULL", "<<", "=");

    private ModelWriter() {}

    public static String yaml(Map<String, Object> model) {
        var out = new StringBuilder();
        map(model, 0, out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void map(Map<String, Object> m, int indent, StringBuilder out) {
        for (var e : m.entrySet()) {
            out.repeat(' ', indent).append(key(e.getKey())).append(':');
            value(e.getValue(), indent, out);
        }
    }

    @SuppressWarnings("unchecked")
    private static void value(Object v, int indent, StringBuilder out) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            map((Map<String, Object>) m, indent + 2, out);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            list((List<Object>) l, indent + 2, out);
        } else {
            out.append(' ');
            scalar(v, indent, out);
            out.append('\n');
        }
    }

    @SuppressWarnings("unchecked")
    private static void list(List<Object> l, int indent, StringBuilder out) {
        for (Object item : l) {
            out.repeat(' ', indent).append("- ");
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                boolean first = true;
                for (var e : ((Map<String, Object>) m).entrySet()) {
                    if (!first) {
                        out.repeat(' ', indent + 2);
                    }
                    first = false;
                    out.append(key(e.getKey())).append(':');
                    value(e.getValue(), indent + 2, out);
                }
            } else if (item instanceof List<?> inner && !inner.isEmpty()) {
                out.append('\n');
                list((List<Object>) inner, indent + 2, out);
            } else {
                scalar(item, indent, out);
                out.append('\n');
            }
        }
    }

    private static void scalar(Object v, int indent, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case Map<?, ?> _ -> out.append("{}");
            case List<?> _ -> out.append("[]");
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Integer i -> out.append(i);
            case Double d -> out.append(number(d));
            case String s when s.contains("\n") && literalOk(s) -> literal(s, indent, out);
            default -> out.append(string(String.valueOf(v)));
        }
    }

    private static boolean literalOk(String s) {
        return !s.startsWith(" ") && !s.startsWith("\n") && s.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t')
                && !s.contains(" \n") && !s.endsWith("\n\n");
    }

    private static void literal(String s, int indent, StringBuilder out) {
        boolean trailing = s.endsWith("\n");
        out.append(trailing ? "|" : "|-");
        String body = trailing ? s.substring(0, s.length() - 1) : s;
        for (String line : body.split("\n", -1)) {
            out.append('\n');
            if (!line.isEmpty()) {
                out.repeat(' ', indent + 2).append(line);
            }
        }
    }

    static String key(String k) {
        return string(k);
    }

    static String string(String s) {
        if (plain(s)) {
            return s;
        }
        return quoted(s);
    }

    private static boolean plain(String s) {
        if (s.isEmpty() || RESERVED.contains(s) || NUMBER_LIKE.matcher(s).matches()) {
            return false;
        }
        if (s.startsWith(" ") || s.endsWith(" ") || s.contains(": ") || s.contains(" #") || s.endsWith(":")) {
            return false;
        }
        char c = s.charAt(0);
        if ("?:,[]{}#&*!|>'\"%@`".indexOf(c) >= 0) {
            return false;
        }
        if (c == '-' && (s.length() == 1 || s.charAt(1) == ' ')) {
            return false;
        }
        if (s.startsWith("---") || s.startsWith("...")) {
            return false;
        }
        return s.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f);
    }

    private static String quoted(String s) {
        var out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String number(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return new BigDecimal(d).toPlainString();
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** JSON as Go's {@code json.MarshalIndent(v, "", "  ")} writes it. */
    public static String json(Object model) {
        var out = new StringBuilder();
        json(model, 0, out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void json(Object v, int indent, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case Map<?, ?> m when m.isEmpty() -> out.append("{}");
            case Map<?, ?> m -> {
                out.append("{\n");
                int i = 0;
                for (var e : ((Map<String, Object>) m).entrySet()) {
                    out.repeat(' ', indent + 2).append(jsonString(e.getKey())).append(": ");
                    json(e.getValue(), indent + 2, out);
                    out.append(++i < m.size() ? ",\n" : "\n");
                }
                out.repeat(' ', indent).append('}');
            }
            case List<?> l when l.isEmpty() -> out.append("[]");
            case List<?> l -> {
                out.append("[\n");
                for (int i = 0; i < l.size(); i++) {
                    out.repeat(' ', indent + 2);
                    json(l.get(i), indent + 2, out);
                    out.append(i + 1 < l.size() ? ",\n" : "\n");
                }
                out.repeat(' ', indent).append(']');
            }
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Integer n -> out.append(n);
            case Double d -> out.append(number(d));
            default -> out.append(jsonString(String.valueOf(v)));
        }
    }

    static String jsonString(String s) {
        var out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
