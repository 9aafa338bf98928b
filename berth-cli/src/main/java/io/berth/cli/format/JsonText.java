package io.berth.cli.format;

import java.util.List;
import java.util.Map;

/**
 * Compact JSON as docker's {@code json} template function writes it: Go's encoder with sorted map
 * keys, Go's float forms, and {@code SetEscapeHTML(false)} (so {@code <}, {@code >} and {@code &}
 * stay as they are). Methods in maps are left out, as Go leaves out methods needing arguments.
 */
final class JsonText {
    private static final String HEX = "0123456789abcdef";

    private JsonText() {}

    /** The JSON text; throws IllegalArgumentException for NaN and infinities, as Go refuses them. */
    static String encode(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object raw) {
        Object value = Values.argument(raw);
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, list.get(i));
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Object key : Values.sortedKeys(map)) {
                    Object v = map.get(key);
                    if (v instanceof TemplateMethod) {
                        continue;
                    }
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, String.valueOf(key));
                    out.append(':');
                    write(out, v);
                }
                out.append('}');
            }
            case TemplateMethod _ -> out.append("null");
            default -> {
                if (Values.isFloat(value)) {
                    out.append(Floats.json(((Number) value).doubleValue()));
                } else {
                    out.append(value);
                }
            }
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u2028', '\u2029' -> out.append("\\u202").append(c == '\u2028' ? '8' : '9');
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
