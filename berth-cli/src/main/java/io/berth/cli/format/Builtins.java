package io.berth.cli.format;

import static io.berth.cli.format.Builtin.fixed;
import static io.berth.cli.format.Builtin.variadic;

import io.berth.cli.format.Builtin.Failure;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions templates can call: Go's builtins (and, or, not, len, index, slice, print, printf,
 * println, eq, ne, lt, le, gt, ge, call, html, js, urlquery) and docker's (json, split, join,
 * title, lower, upper, pad, truncate), plus docker's header variants used for table headers.
 */
final class Builtins {
    static final Map<String, Builtin> STANDARD = standard();
    /** docker's HeaderFunctions: in a table header these return the column title untouched. */
    static final Map<String, Builtin> HEADER = header();

    private Builtins() {}

    private static Map<String, Builtin> standard() {
        Map<String, Builtin> f = new HashMap<>();
        Builtin.Body lazy = a -> {
            throw new IllegalStateException("and/or are evaluated by the executor");
        };
        f.put("and", variadic(1, lazy));
        f.put("or", variadic(1, lazy));
        f.put("not", fixed(1, a -> !Values.truth(a.any(0))));
        f.put("len", fixed(1, a -> length(a.any(0))));
        f.put("index", variadic(1, a -> index(a.any(0), a.rest(1))));
        f.put("slice", variadic(1, a -> slice(a.any(0), a.rest(1))));
        f.put("print", variadic(0, a -> Printer.sprint(a.rest(0))));
        f.put("println", variadic(0, a -> Printer.sprintln(a.rest(0))));
        f.put("printf", variadic(1, a -> Printer.sprintf(a.string(0), a.rest(1))));
        f.put("eq", variadic(1, a -> eq(a.any(0), a.rest(1))));
        f.put("ne", fixed(2, a -> !eq(a.any(0), a.rest(1))));
        f.put("lt", fixed(2, a -> lt(a.any(0), a.any(1))));
        f.put("le", fixed(2, a -> lt(a.any(0), a.any(1)) || eq(a.any(0), a.rest(1))));
        f.put("gt", fixed(2, a -> !(lt(a.any(0), a.any(1)) || eq(a.any(0), a.rest(1)))));
        f.put("ge", fixed(2, a -> !lt(a.any(0), a.any(1))));
        f.put("call", variadic(1, a -> call(a.any(0), a.rest(1))));
        f.put("html", variadic(0, a -> html(text(a.rest(0)))));
        f.put("js", variadic(0, a -> js(text(a.rest(0)))));
        f.put("urlquery", variadic(0, a -> urlQuery(text(a.rest(0)))));
        f.put("json", fixed(1, a -> json(a.any(0))));
        f.put("split", fixed(2, a -> split(a.string(0), a.string(1))));
        f.put("join", fixed(2, a -> join(a.list(0), a.string(1))));
        f.put("title", fixed(1, a -> title(a.string(0))));
        f.put("lower", fixed(1, a -> a.string(0).toLowerCase(Locale.ROOT)));
        f.put("upper", fixed(1, a -> a.string(0).toUpperCase(Locale.ROOT)));
        f.put("pad", fixed(3, a -> pad(a.string(0), a.integer(1), a.integer(2))));
        f.put("truncate", fixed(2, a -> truncate(a.string(0), a.integer(1))));
        return Map.copyOf(f);
    }

    private static Map<String, Builtin> header() {
        Map<String, Builtin> f = new HashMap<>(STANDARD);
        Builtin.Body same = a -> a.any(0) instanceof String s ? s : "";
        f.put("json", fixed(1, same));
        f.put("split", fixed(2, same));
        f.put("join", fixed(2, same));
        f.put("title", fixed(1, same));
        f.put("lower", fixed(1, same));
        f.put("upper", fixed(1, same));
        f.put("truncate", fixed(2, same));
        return Map.copyOf(f);
    }

    private static long length(Object v) {
        return switch (v) {
            case null -> throw new Failure("len of nil pointer");
            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            default -> throw new Failure("len of type " + Values.typeName(v));
        };
    }

    private static Object index(Object item, List<Object> indexes) {
        if (item == null) {
            throw new Failure("index of untyped nil");
        }
        for (Object index : indexes) {
            item = Values.plain(item);
            switch (item) {
                case null -> throw new Failure("index of nil pointer");
                case Values.Absent _ -> throw new Failure("index of nil pointer");
                case List<?> list -> item = list.get(position(index, list.size(), false));
                case String s -> {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    item = (long) (bytes[position(index, bytes.length, false)] & 0xFF);
                }
                case Map<?, ?> map -> {
                    if (!(index instanceof String key)) {
                        throw new Failure("value has type " + Values.typeName(index) + "; should be string");
                    }
                    item = map.containsKey(key) ? map.get(key) : zeroValue(map);
                }
                default -> throw new Failure("can't index item of type " + Values.typeName(item));
            }
        }
        return item;
    }

    /**
     * What a missing key yields: docker's string maps (labels, options) give "" as Go's
     * map[string]string does; other maps give no value, as map[string]interface{} does.
     */
    private static Object zeroValue(Map<?, ?> map) {
        return map.values().stream().allMatch(v -> v instanceof String) ? "" : Values.NO_VALUE;
    }

    /** Go's indexArg: an integer in [0, cap) for indexing, [0, cap] for slicing. */
    private static int position(Object index, int cap, boolean slicing) {
        if (index == null) {
            throw new Failure("cannot index slice/array with nil");
        }
        if (!Values.isInteger(index)) {
            throw new Failure("cannot index slice/array with type " + Values.typeName(index));
        }
        BigInteger x = Values.bigInteger(index);
        if (x.signum() < 0 || x.compareTo(BigInteger.valueOf(slicing ? cap : cap - 1L)) > 0) {
            throw new Failure("index out of range: " + x);
        }
        return x.intValue();
    }

    private static Object slice(Object item, List<Object> indexes) {
        if (item == null) {
            throw new Failure("slice of untyped nil");
        }
        if (indexes.size() > 3) {
            throw new Failure("too many slice indexes: " + indexes.size());
        }
        int cap = switch (item) {
            case String s -> {
                if (indexes.size() == 3) {
                    throw new Failure("cannot 3-index slice a string");
                }
                yield s.getBytes(StandardCharsets.UTF_8).length;
            }
            case List<?> l -> l.size();
            default -> throw new Failure("can't slice item of type " + Values.typeName(item));
        };
        int[] idx = {0, cap, cap};
        for (int i = 0; i < indexes.size(); i++) {
            idx[i] = position(indexes.get(i), cap, true);
        }
        if (idx[0] > idx[1]) {
            throw new Failure("invalid slice index: " + idx[0] + " > " + idx[1]);
        }
        if (indexes.size() == 3 && idx[1] > idx[2]) {
            throw new Failure("invalid slice index: " + idx[1] + " > " + idx[2]);
        }
        if (item instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            return new String(Arrays.copyOfRange(bytes, idx[0], idx[1]), StandardCharsets.UTF_8);
        }
        return new ArrayList<>(((List<?>) item).subList(idx[0], idx[1]));
    }

    private enum Kind { INVALID, BOOL, INT, FLOAT, STRING, OTHER }

    private static Kind kind(Object v) {
        return switch (v) {
            case null -> Kind.INVALID;
            case Boolean _ -> Kind.BOOL;
            case String _ -> Kind.STRING;
            default -> Values.isInteger(v) ? Kind.INT : Values.isFloat(v) ? Kind.FLOAT : Kind.OTHER;
        };
    }

    private static boolean numeric(Kind k) {
        return k == Kind.INT || k == Kind.FLOAT;
    }

    /**
     * Go's eq: true when arg1 equals any of the others. Unlike Go, integers and floats compare by
     * value (JSON gives 3.0 where Go structs would hold 3).
     */
    private static boolean eq(Object arg1, List<Object> others) {
        if (others.isEmpty()) {
            throw new Failure("missing argument for comparison");
        }
        Kind k1 = kind(arg1);
        for (Object arg : others) {
            Kind k2 = kind(arg);
            boolean truth;
            if (k1 != k2 && numeric(k1) && numeric(k2)) {
                truth = Values.decimal(arg1).compareTo(Values.decimal(arg)) == 0;
            } else if (k1 != k2) {
                if (k1 != Kind.INVALID && k2 != Kind.INVALID) {
                    throw new Failure("incompatible types for comparison");
                }
                truth = false;
            } else {
                truth = switch (k1) {
                    case INVALID -> true;
                    case INT -> Values.bigInteger(arg1).equals(Values.bigInteger(arg));
                    case FLOAT -> ((Number) arg1).doubleValue() == ((Number) arg).doubleValue();
                    case BOOL, STRING -> arg1.equals(arg);
                    case OTHER -> throw new Failure("non-comparable type " + Printer.value(arg) + ": "
                            + Values.typeName(arg));
                };
            }
            if (truth) {
                return true;
            }
        }
        return false;
    }

    private static boolean lt(Object a, Object b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == Kind.INVALID || ka == Kind.OTHER || kb == Kind.INVALID || kb == Kind.OTHER) {
            throw new Failure("invalid type for comparison");
        }
        if (ka != kb) {
            if (numeric(ka) && numeric(kb)) {
                return Values.decimal(a).compareTo(Values.decimal(b)) < 0;
            }
            throw new Failure("incompatible types for comparison");
        }
        return switch (ka) {
            case INT -> Values.bigInteger(a).compareTo(Values.bigInteger(b)) < 0;
            case FLOAT -> ((Number) a).doubleValue() < ((Number) b).doubleValue();
            case STRING -> ((String) a).compareTo((String) b) < 0;
            default -> throw new Failure("invalid type for comparison");
        };
    }

    private static Object call(Object fn, List<Object> args) {
        if (!(fn instanceof TemplateMethod method)) {
            throw new Failure("non-function of type " + Values.typeName(fn));
        }
        return method.call(args);
    }

    /** Go's evalArgs for html, js and urlquery: a lone string as is, else Sprint of the arguments. */
    private static String text(List<Object> args) {
        return args.size() == 1 && args.getFirst() instanceof String s ? s : Printer.sprint(args);
    }

    private static String html(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&#39;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case 0 -> out.append('\uFFFD');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String js(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(r -> {
            switch (r) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '<' -> out.append("\\u003C");
                case '>' -> out.append("\\u003E");
                case '&' -> out.append("\\u0026");
                case '=' -> out.append("\\u003D");
                default -> {
                    if (r < ' ' || (r >= 0x80 && !Quoting.isPrint(r))) {
                        out.append(String.format("\\u%04X", r));
                    } else {
                        out.appendCodePoint(r);
                    }
                }
            }
        });
        return out.toString();
    }

    private static String urlQuery(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** docker's json: Go's encoder output, or "" when Go would fail to encode. */
    private static String json(Object v) {
        try {
            return JsonText.encode(v);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** Go's strings.Split: an empty separator splits after each character. */
    private static List<Object> split(String s, String sep) {
        List<Object> parts = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(r -> parts.add(Character.toString(r)));
            return parts;
        }
        int from = 0;
        for (int at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, from)) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    /** Go's strings.Join; elements that are not strings are printed as %v would. */
    private static String join(List<?> items, String sep) {
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
            Object v = Values.argument(item);
            texts.add(v instanceof String s ? s : Printer.value(v));
        }
        return String.join(sep, texts);
    }

    /** Go's strings.Title: the first letter of each word in title case. */
    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        int[] prev = {' '};
        s.codePoints().forEach(r -> {
            out.appendCodePoint(separator(prev[0]) ? Character.toTitleCase(r) : r);
            prev[0] = r;
        });
        return out.toString();
    }

    private static boolean separator(int r) {
        if (r < 0x80) {
            return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_');
        }
        if (Character.isLetter(r) || Character.isDigit(r)) {
            return false;
        }
        return Character.isWhitespace(r) || Character.isSpaceChar(r);
    }

    /** docker's pad: spaces around a non-empty string. */
    private static String pad(String s, long prefix, long suffix) {
        if (s.isEmpty()) {
            return s;
        }
        if (prefix < 0 || suffix < 0) {
            throw new Failure("strings: negative Repeat count");
        }
        return " ".repeat((int) prefix) + s + " ".repeat((int) suffix);
    }

    /** docker's truncate, counting characters rather than bytes so no character is cut in half. */
    private static String truncate(String s, long length) {
        if (length < 0) {
            throw new Failure("slice bounds out of range [:" + length + "]");
        }
        if (s.codePointCount(0, s.length()) < length) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, (int) length));
    }
}
