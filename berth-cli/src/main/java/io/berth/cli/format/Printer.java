package io.berth.cli.format;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code fmt} for the template data model: {@code Sprint}, {@code Sprintln}, {@code Sprintf}
 * (flags, width, precision, {@code *}, {@code [n]} indexes, the common verbs and Go's
 * {@code %!verb(type=value)} complaints) and {@code %v}, which is how template actions print.
 */
final class Printer {
    private final StringBuilder buf = new StringBuilder();
    private boolean plus;
    private boolean minus;
    private boolean sharp;
    private boolean space;
    private boolean zero;
    private boolean sharpV;
    private boolean widPresent;
    private boolean precPresent;
    private int wid;
    private int prec;
    private boolean reordered;
    private boolean goodArgNum;

    private Printer() {}

    /** {@code fmt.Sprint(v)}: Go's %v. */
    static String value(Object v) {
        Printer p = new Printer();
        p.printArg(v, 'v');
        return p.buf.toString();
    }

    /** {@code fmt.Sprint}: a space between operands when neither is a string. */
    static String sprint(List<Object> args) {
        Printer p = new Printer();
        boolean prevString = false;
        for (int i = 0; i < args.size(); i++) {
            boolean isString = args.get(i) instanceof String;
            if (i > 0 && !isString && !prevString) {
                p.buf.append(' ');
            }
            p.printArg(args.get(i), 'v');
            prevString = isString;
        }
        return p.buf.toString();
    }

    /** {@code fmt.Sprintln}: operands separated by spaces, then a newline. */
    static String sprintln(List<Object> args) {
        Printer p = new Printer();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                p.buf.append(' ');
            }
            p.printArg(args.get(i), 'v');
        }
        return p.buf.append('\n').toString();
    }

    static String sprintf(String format, List<Object> args) {
        Printer p = new Printer();
        p.doPrintf(format, args);
        return p.buf.toString();
    }

    private void clearFlags() {
        plus = minus = sharp = space = zero = sharpV = widPresent = precPresent = false;
        wid = prec = 0;
    }

    private void doPrintf(String format, List<Object> a) {
        int end = format.length();
        int argNum = 0;
        int i = 0;
        while (i < end) {
            goodArgNum = true;
            int last = i;
            while (i < end && format.charAt(i) != '%') {
                i++;
            }
            buf.append(format, last, i);
            if (i >= end) {
                break;
            }
            i++;
            clearFlags();
            flags:
            for (; i < end; i++) {
                switch (format.charAt(i)) {
                    case '#' -> sharp = true;
                    case '0' -> zero = !minus;
                    case '+' -> plus = true;
                    case '-' -> {
                        minus = true;
                        zero = false;
                    }
                    case ' ' -> space = true;
                    default -> {
                        break flags;
                    }
                }
            }
            int[] index = argNumber(argNum, format, i, a.size());
            argNum = index[0];
            i = index[1];
            boolean afterIndex = index[2] == 1;
            if (i < end && format.charAt(i) == '*') {
                i++;
                int[] w = intFromArg(a, argNum);
                wid = w[0];
                widPresent = w[1] == 1;
                argNum = w[2];
                if (!widPresent) {
                    buf.append("%!(BADWIDTH)");
                }
                if (wid < 0) {
                    wid = -wid;
                    minus = true;
                    zero = false;
                }
                afterIndex = false;
            } else {
                int start = i;
                int[] n = parseNumber(format, i);
                wid = n[0];
                i = n[1];
                widPresent = i > start;
                if (afterIndex && widPresent) {
                    goodArgNum = false;
                }
            }
            if (i + 1 <= end && format.charAt(i) == '.') {
                i++;
                if (afterIndex) {
                    goodArgNum = false;
                }
                index = argNumber(argNum, format, i, a.size());
                argNum = index[0];
                i = index[1];
                afterIndex = index[2] == 1;
                if (i < end && format.charAt(i) == '*') {
                    i++;
                    int[] pr = intFromArg(a, argNum);
                    prec = pr[0];
                    precPresent = pr[1] == 1;
                    argNum = pr[2];
                    if (prec < 0) {
                        prec = 0;
                        precPresent = false;
                    }
                    if (!precPresent) {
                        buf.append("%!(BADPREC)");
                    }
                    afterIndex = false;
                } else {
                    int[] n = parseNumber(format, i);
                    prec = n[0];
                    i = n[1];
                    precPresent = true;
                }
            }
            if (!afterIndex) {
                index = argNumber(argNum, format, i, a.size());
                argNum = index[0];
                i = index[1];
            }
            if (i >= end) {
                buf.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                buf.append('%');
            } else if (!goodArgNum) {
                buf.append("%!").appendCodePoint(verb).append("(BADINDEX)");
            } else if (argNum >= a.size()) {
                buf.append("%!").appendCodePoint(verb).append("(MISSING)");
            } else {
                if (verb == 'v') {
                    sharpV = sharp;
                    sharp = false;
                    plus = false;
                }
                printArg(a.get(argNum++), verb);
            }
        }
        if (!reordered && argNum < a.size()) {
            clearFlags();
            buf.append("%!(EXTRA ");
            for (int k = argNum; k < a.size(); k++) {
                if (k > argNum) {
                    buf.append(", ");
                }
                Object arg = Values.argument(a.get(k));
                if (arg == null) {
                    buf.append("<nil>");
                } else {
                    buf.append(Values.typeName(arg)).append('=');
                    printArg(arg, 'v');
                }
            }
            buf.append(')');
        }
    }

    /** {@code [n]} before a width, precision or verb: {new argNum, new i, found}. */
    private int[] argNumber(int argNum, String format, int i, int numArgs) {
        if (format.length() <= i || format.charAt(i) != '[') {
            return new int[] {argNum, i, 0};
        }
        reordered = true;
        int close = format.indexOf(']', i + 1);
        if (close < 0) {
            goodArgNum = false;
            return new int[] {argNum, i + 1, 0};
        }
        int[] n = parseNumber(format, i + 1);
        boolean ok = n[1] == close && close > i + 1;
        int argIndex = n[0] - 1;
        if (ok && argIndex >= 0 && argIndex < numArgs) {
            return new int[] {argIndex, close + 1, 1};
        }
        goodArgNum = false;
        return new int[] {argNum, close + 1, ok ? 1 : 0};
    }

    /** A width or precision taken from the arguments: {value, ok, new argNum}. */
    private static int[] intFromArg(List<Object> a, int argNum) {
        if (argNum >= a.size()) {
            return new int[] {0, 0, argNum};
        }
        Object v = Values.argument(a.get(argNum));
        if (Values.isInteger(v)) {
            BigInteger n = Values.bigInteger(v);
            if (n.abs().compareTo(BigInteger.valueOf(1_000_000)) <= 0) {
                return new int[] {n.intValue(), 1, argNum + 1};
            }
        }
        return new int[] {0, 0, argNum + 1};
    }

    /** Decimal digits at {@code i}: {value, index after}. */
    private static int[] parseNumber(String s, int i) {
        int n = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            if (n > 1_000_000) {
                return new int[] {0, i};
            }
            n = n * 10 + (s.charAt(i) - '0');
            i++;
        }
        return new int[] {n, i};
    }

    private void printArg(Object raw, int verb) {
        Object arg = Values.argument(raw);
        if (arg == null) {
            if (verb == 'T' || verb == 'v') {
                padString("<nil>");
            } else {
                badVerb(verb, null);
            }
            return;
        }
        if (verb == 'T') {
            padString(Values.typeName(arg));
            return;
        }
        switch (arg) {
            case Boolean b -> {
                if (verb == 't' || verb == 'v') {
                    padString(b.toString());
                } else {
                    badVerb(verb, arg);
                }
            }
            case String s -> fmtString(s, verb);
            case List<?> list -> {
                buf.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        buf.append(' ');
                    }
                    printElement(list.get(i), verb);
                }
                buf.append(']');
            }
            case Map<?, ?> map -> {
                buf.append("map[");
                boolean first = true;
                for (Object key : Values.sortedKeys(map)) {
                    if (!first) {
                        buf.append(' ');
                    }
                    first = false;
                    printElement(key, verb);
                    buf.append(':');
                    printElement(map.get(key), verb);
                }
                buf.append(']');
            }
            case TemplateMethod _ -> padString("<func>");
            default -> {
                if (Values.isInteger(arg)) {
                    fmtInteger(Values.bigInteger(arg), verb, arg);
                } else if (Values.isFloat(arg)) {
                    fmtFloat(((Number) arg).doubleValue(), verb, arg);
                } else {
                    padString(String.valueOf(arg));
                }
            }
        }
    }

    private void printElement(Object element, int verb) {
        Object value = Values.argument(element);
        if (value == null) {
            buf.append("<nil>");
        } else {
            printArg(value, verb);
        }
    }

    private void badVerb(int verb, Object arg) {
        buf.append("%!").appendCodePoint(verb).append('(');
        if (arg == null) {
            buf.append("<nil>");
        } else {
            buf.append(Values.typeName(arg)).append('=');
            printArg(arg, 'v');
        }
        buf.append(')');
    }

    private void fmtString(String s, int verb) {
        switch (verb) {
            case 'v' -> {
                if (sharpV) {
                    fmtQ(s);
                } else {
                    padString(truncate(s));
                }
            }
            case 's' -> padString(truncate(s));
            case 'x', 'X' -> fmtHex(s, verb == 'X');
            case 'q' -> fmtQ(s);
            default -> badVerb(verb, s);
        }
    }

    private String truncate(String s) {
        if (precPresent && s.codePointCount(0, s.length()) > prec) {
            return s.substring(0, s.offsetByCodePoints(0, prec));
        }
        return s;
    }

    private void fmtQ(String s) {
        s = truncate(s);
        if (sharp && Quoting.canBackquote(s)) {
            padString("`" + s + "`");
        } else {
            padString(Quoting.quote(s, plus));
        }
    }

    private void fmtHex(String s, boolean upper) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int length = precPresent ? Math.min(prec, bytes.length) : bytes.length;
        HexFormat hex = upper ? HexFormat.of().withUpperCase() : HexFormat.of();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (space && i > 0) {
                out.append(' ');
            }
            if (sharp && (space || i == 0)) {
                out.append(upper ? "0X" : "0x");
            }
            out.append(hex.toHexDigits(bytes[i]));
        }
        padString(out.toString());
    }

    private void fmtInteger(BigInteger v, int verb, Object arg) {
        switch (verb) {
            case 'v', 'd' -> fmtInt(v, 10, verb, false);
            case 'b' -> fmtInt(v, 2, verb, false);
            case 'o', 'O' -> fmtInt(v, 8, verb, false);
            case 'x' -> fmtInt(v, 16, verb, false);
            case 'X' -> fmtInt(v, 16, verb, true);
            case 'c' -> padString(Character.toString(rune(v)));
            case 'q' -> padString(Quoting.quoteRune(rune(v), plus));
            case 'U' -> fmtUnicode(v);
            default -> badVerb(verb, arg);
        }
    }

    private static int rune(BigInteger v) {
        return v.bitLength() < 32 && Quoting.validRune(v.longValue()) ? v.intValue() : 0xFFFD;
    }

    private void fmtInt(BigInteger value, int base, int verb, boolean upper) {
        boolean negative = value.signum() < 0;
        BigInteger u = value.abs();
        int precision = 0;
        if (precPresent) {
            precision = prec;
            if (precision == 0 && u.signum() == 0) {
                boolean oldZero = zero;
                zero = false;
                writePadding(wid);
                zero = oldZero;
                return;
            }
        } else if (zero && widPresent) {
            precision = wid;
            if (negative || plus || space) {
                precision--;
            }
        }
        String digits = u.toString(base);
        if (upper) {
            digits = digits.toUpperCase();
        }
        StringBuilder s = new StringBuilder();
        s.append("0".repeat(Math.max(0, precision - digits.length()))).append(digits);
        if (sharp) {
            switch (base) {
                case 2 -> s.insert(0, "0b");
                case 8 -> {
                    if (s.charAt(0) != '0') {
                        s.insert(0, '0');
                    }
                }
                case 16 -> s.insert(0, upper ? "0X" : "0x");
                default -> { }
            }
        }
        if (verb == 'O') {
            s.insert(0, "0o");
        }
        if (negative) {
            s.insert(0, '-');
        } else if (plus) {
            s.insert(0, '+');
        } else if (space) {
            s.insert(0, ' ');
        }
        boolean oldZero = zero;
        zero = false;
        padString(s.toString());
        zero = oldZero;
    }

    private void fmtUnicode(BigInteger v) {
        String hex = v.toString(16).toUpperCase();
        int digits = precPresent && prec > 4 ? prec : 4;
        String s = "U+" + "0".repeat(Math.max(0, digits - hex.length())) + hex;
        int r = rune(v);
        if (sharp && v.bitLength() < 32 && Quoting.validRune(v.longValue()) && Quoting.isPrint(r)) {
            s += " '" + Character.toString(r) + "'";
        }
        boolean oldZero = zero;
        zero = false;
        padString(s);
        zero = oldZero;
    }

    private void fmtFloat(double v, int verb, Object arg) {
        char fmt;
        int precision;
        switch (verb) {
            case 'v' -> {
                fmt = 'g';
                precision = -1;
            }
            case 'g', 'G' -> {
                fmt = (char) verb;
                precision = -1;
            }
            case 'e', 'E', 'f' -> {
                fmt = (char) verb;
                precision = 6;
            }
            case 'F' -> {
                fmt = 'f';
                precision = 6;
            }
            default -> {
                badVerb(verb, arg);
                return;
            }
        }
        if (precPresent) {
            precision = prec;
        }
        String num = Floats.format(v, fmt, precision);
        if (num.charAt(0) != '-' && num.charAt(0) != '+') {
            num = "+" + num;
        }
        if (space && num.charAt(0) == '+' && !plus) {
            num = " " + num.substring(1);
        }
        if (num.charAt(1) == 'I' || num.charAt(1) == 'N') {
            boolean oldZero = zero;
            zero = false;
            if (num.charAt(1) == 'N' && !space && !plus) {
                num = num.substring(1);
            }
            padString(num);
            zero = oldZero;
            return;
        }
        if (plus || num.charAt(0) != '+') {
            if (zero && !minus && widPresent && wid > num.length()) {
                buf.append(num.charAt(0));
                writePadding(wid - num.length());
                buf.append(num, 1, num.length());
                return;
            }
            padString(num);
            return;
        }
        padString(num.substring(1));
    }

    private void padString(String s) {
        if (!widPresent || wid == 0) {
            buf.append(s);
            return;
        }
        int width = wid - s.codePointCount(0, s.length());
        if (minus) {
            buf.append(s);
            writePadding(width);
        } else {
            writePadding(width);
            buf.append(s);
        }
    }

    private void writePadding(int n) {
        if (n > 0) {
            buf.append(String.valueOf(zero ? '0' : ' ').repeat(n));
        }
    }
}
