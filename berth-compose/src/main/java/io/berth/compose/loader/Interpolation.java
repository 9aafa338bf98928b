package io.berth.compose.loader;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compose's variable substitution in values (never in keys): {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?err}}, {@code ${VAR?err}},
 * {@code ${VAR:+alt}}, {@code ${VAR+alt}} (defaults and alternatives may nest), {@code $$} for a
 * literal {@code $}. A {@code $} that starts none of these stays as it is. An unset variable with no
 * default becomes the empty string, and {@code warn} is told its name.
 */
public final class Interpolation {
    private final Function<String, Optional<String>> lookup;
    private final Consumer<String> warn;

    public Interpolation(Function<String, Optional<String>> lookup, Consumer<String> warn) {
        this.lookup = lookup;
        this.warn = warn;
    }

    /** A copy of {@code tree} with every string value substituted; {@code path} names the tree's place in errors. */
    public Object tree(Object tree, String path) {
        return switch (tree) {
            case Map<?, ?> m -> {
                var out = new LinkedHashMap<String, Object>();
                m.forEach((k, v) -> out.put((String) k, tree(v, path.isEmpty() ? (String) k : path + "." + k)));
                yield out;
            }
            case List<?> l -> {
                var out = new ArrayList<Object>(l.size());
                l.forEach(v -> out.add(tree(v, path + ".[]")));
                yield out;
            }
            case String s -> string(s, path);
            case ComposeYaml.OverrideTag o -> new ComposeYaml.OverrideTag(tree(o.value(), path));
            case null, default -> tree;
        };
    }

    /** Substitutes one value. */
    public String string(String s, String path) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        var out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 == s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = s.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = closing(s, i + 2);
                if (end < 0) {
                    throw invalid(path, s);
                }
                out.append(braced(s.substring(i + 2, end), s, path));
                i = end + 1;
            } else if (nameStart(next)) {
                int j = i + 1;
                while (j < s.length() && namePart(s.charAt(j))) {
                    j++;
                }
                out.append(value(s.substring(i + 1, j)));
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String braced(String body, String whole, String path) {
        int j = 0;
        if (body.isEmpty() || !nameStart(body.charAt(0))) {
            throw invalid(path, whole);
        }
        while (j < body.length() && namePart(body.charAt(j))) {
            j++;
        }
        String name = body.substring(0, j);
        if (j == body.length()) {
            return value(name);
        }
        boolean colon = body.charAt(j) == ':';
        int op = colon ? j + 1 : j;
        if (op >= body.length() || "-?+".indexOf(body.charAt(op)) < 0) {
            throw invalid(path, whole);
        }
        char kind = body.charAt(op);
        String rest = body.substring(op + 1);
        Optional<String> v = lookup.apply(name);
        boolean set = colon ? v.filter(x -> !x.isEmpty()).isPresent() : v.isPresent();
        return switch (kind) {
            case '-' -> set ? v.get() : string(rest, path);
            case '+' -> set ? string(rest, path) : "";
            default -> {
                if (set) {
                    yield v.get();
                }
                String reason = string(rest, path);
                throw new InvalidArgumentException("error while interpolating " + path + ": required variable " + name
                        + " is missing a value" + (reason.isEmpty() ? "" : ": " + reason));
            }
        };
    }

    private String value(String name) {
        Optional<String> v = lookup.apply(name);
        if (v.isEmpty()) {
            warn.accept(name);
            return "";
        }
        return v.get();
    }

    /** The index of the {@code }} closing a {@code ${} whose body starts at {@code from}, nested ones skipped. */
    private static int closing(String s, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                i++;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    private static InvalidArgumentException invalid(String path, String value) {
        return new InvalidArgumentException("invalid interpolation format for " + path
                + ".\nYou may need to escape any $ with another $.\n" + value);
    }

    private static boolean nameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean namePart(char c) {
        return nameStart(c) || (c >= '0' && c <= '9');
    }
}
