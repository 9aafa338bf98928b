package io.berth.cli.format;

import io.berth.common.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data model templates see: plain JSON-like values (maps, lists, strings, numbers, booleans,
 * null) plus {@link TemplateMethod}s. Anything else, {@code JsonNode} trees and records included,
 * is converted through Jackson on first access. Truthiness and type names follow Go.
 */
final class Values {
    /** Go's invalid value: a missing map key, printed as {@code <no value>}. */
    enum Absent {
        NO_VALUE;

        @Override
        public String toString() {
            return "<no value>";
        }
    }

    static final Object NO_VALUE = Absent.NO_VALUE;

    private Values() {}

    static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Integer _, Long _, BigInteger _, Double _, BigDecimal _ -> value;
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case List<?> _, Map<?, ?> _, TemplateMethod _, Absent _ -> value;
            case CharSequence s -> s.toString();
            case Character c -> c.toString();
            default -> Json.mapper().convertValue(value, Object.class);
        };
    }

    /** A value handed to a function or method taking Go's {@code interface{}}: no value is nil. */
    static Object argument(Object value) {
        return value == NO_VALUE ? null : plain(value);
    }

    static boolean isInteger(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
    }

    static boolean isFloat(Object v) {
        return v instanceof Double || v instanceof BigDecimal;
    }

    static BigInteger bigInteger(Object v) {
        return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    }

    static BigDecimal decimal(Object v) {
        return switch (v) {
            case BigDecimal d -> d;
            case BigInteger b -> new BigDecimal(b);
            case Double d -> new BigDecimal(d);
            default -> BigDecimal.valueOf(((Number) v).longValue());
        };
    }

    /** Go's truth: empty strings, lists and maps, zero, false, nil and no value are false. */
    static boolean truth(Object value) {
        return switch (plain(value)) {
            case null -> false;
            case Absent _ -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case BigInteger b -> b.signum() != 0;
            case BigDecimal d -> d.signum() != 0;
            case Number n -> n.doubleValue() != 0;
            default -> true;
        };
    }

    /** The Go type a value would have, for error messages. */
    static String typeName(Object value) {
        return switch (plain(value)) {
            case null -> "interface {}";
            case Absent _ -> "interface {}";
            case String _ -> "string";
            case Boolean _ -> "bool";
            case Integer _, Long _ -> "int";
            case BigInteger _ -> "*big.Int";
            case Double _, BigDecimal _ -> "float64";
            case List<?> _ -> "[]interface {}";
            case Map<?, ?> _ -> "map[string]interface {}";
            case TemplateMethod _ -> "func(...interface {}) interface {}";
            default -> value.getClass().getSimpleName();
        };
    }

    /** Map keys in the order Go's fmt and range use: sorted. */
    static List<Object> sortedKeys(Map<?, ?> map) {
        List<Object> keys = new ArrayList<>(map.keySet());
        keys.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
        return keys;
    }
}
