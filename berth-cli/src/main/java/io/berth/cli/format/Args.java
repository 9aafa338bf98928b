package io.berth.cli.format;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The evaluated arguments of a function call, with Go's type checks for typed parameters. */
final class Args {
    private final List<Object> values;

    Args(List<Object> values) {
        this.values = values;
    }

    int size() {
        return values.size();
    }

    /** An {@code interface{}} parameter: no value becomes nil. */
    Object any(int i) {
        return Values.argument(values.get(i));
    }

    /** The parameters from {@code from} on, as {@code ...interface{}}. */
    List<Object> rest(int from) {
        List<Object> rest = new ArrayList<>();
        for (int i = from; i < values.size(); i++) {
            rest.add(any(i));
        }
        return rest;
    }

    String string(int i) {
        return check(i, "string") instanceof String s ? s : wrong(i, "string");
    }

    long integer(int i) {
        Object v = check(i, "int");
        if (Values.isInteger(v)) {
            return Values.bigInteger(v).longValue();
        }
        if (Values.isFloat(v)) {
            BigDecimal d = Values.decimal(v);
            if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
                return d.longValue();
            }
        }
        return wrong(i, "int");
    }

    List<?> list(int i) {
        return check(i, "[]string") instanceof List<?> l ? l : wrong(i, "[]string");
    }

    private Object check(int i, String type) {
        Object v = values.get(i);
        if (v == Values.NO_VALUE) {
            throw new WrongType(i, "invalid value; expected " + type);
        }
        return Values.plain(v);
    }

    private <T> T wrong(int i, String type) {
        throw new WrongType(i, "wrong type for value; expected " + type + "; got " + Values.typeName(values.get(i)));
    }

    /** An argument of the wrong type; {@code index} says which, for the error position. */
    static final class WrongType extends RuntimeException {
        final int index;

        WrongType(int index, String message) {
            super(message);
            this.index = index;
        }
    }
}
