package io.berth.cli.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's {@code strconv} quoting rules: Quote, QuoteToASCII, QuoteRune, Unquote, CanBackquote, %#U. */
final class Quoting {
    private static final String HEX = "0123456789abcdef";

    private Quoting() {}

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int r) {
        if (r == ' ') {
            return true;
        }
        return switch (Character.getType(r)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                 Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** {@code strconv.Quote} (or {@code QuoteToASCII} when {@code ascii}). */
    static String quote(String s, boolean ascii) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(r -> appendEscaped(b, r, '"', ascii));
        return b.append('"').toString();
    }

    /** {@code strconv.QuoteRune} (or {@code QuoteRuneToASCII}). */
    static String quoteRune(int r, boolean ascii) {
        StringBuilder b = new StringBuilder("'");
        appendEscaped(b, validRune(r) ? r : 0xFFFD, '\'', ascii);
        return b.append('\'').toString();
    }

    static boolean validRune(long r) {
        return r >= 0 && r <= 0x10FFFF && (r < 0xD800 || r > 0xDFFF);
    }

    private static void appendEscaped(StringBuilder b, int r, char quote, boolean ascii) {
        if (r == quote || r == '\\') {
            b.append('\\').appendCodePoint(r);
            return;
        }
        if (ascii ? r < 0x80 && isPrint(r) : isPrint(r)) {
            b.appendCodePoint(r);
            return;
        }
        switch (r) {
            case 0x07 -> b.append("\\a");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case 0x0B -> b.append("\\v");
            default -> {
                if (r < ' ' || r == 0x7F) {
                    b.append("\\x").append(HEX.charAt(r >> 4)).append(HEX.charAt(r & 0xF));
                } else if (r >= 0xD800 && r <= 0xDFFF) {
                    b.append("\\ufffd");
                } else if (r < 0x10000) {
                    b.append("\\u").append(hex(r, 4));
                } else {
                    b.append("\\U").append(hex(r, 8));
                }
            }
        }
    }

    private static String hex(int value, int digits) {
        String h = Integer.toHexString(value);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /** {@code strconv.CanBackquote}: no control characters other than tab, no backquote. */
    static boolean canBackquote(String s) {
        return s.codePoints().allMatch(r -> r == '\t' || (r >= ' ' && r != 0x7F && r != '`' && r != 0xFEFF
                && !(r >= 0xD800 && r <= 0xDFFF)));
    }

    /** Go's {@code %#U}: {@code U+0040 '@'}, without the rune when it is not printable. */
    static String unicodeNotation(int r) {
        String code = "U+" + String.format("%04X", r);
        return isPrint(r) ? code + " '" + Character.toString(r) + "'" : code;
    }

    /** {@code strconv.Unquote} for a double-quoted or back-quoted literal; null when malformed. */
    static String unquote(String literal) {
        if (literal.length() < 2) {
            return null;
        }
        char q = literal.charAt(0);
        if (literal.charAt(literal.length() - 1) != q) {
            return null;
        }
        String body = literal.substring(1, literal.length() - 1);
        if (q == '`') {
            return body.indexOf('`') >= 0 ? null : body.replace("\r", "");
        }
        if (q != '"') {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int[] at = {0};
        while (at[0] < body.length()) {
            if (!unquoteOne(body, at, '"', bytes)) {
                return null;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The value of a character constant such as {@code 'a'} or {@code '\n'}; -1 when malformed. */
    static int unquoteChar(String literal) {
        if (literal.length() < 3 || literal.charAt(0) != '\'' || literal.charAt(literal.length() - 1) != '\'') {
            return -1;
        }
        String body = literal.substring(1, literal.length() - 1);
        if (body.charAt(0) != '\\') {
            return body.codePointCount(0, body.length()) == 1 && body.codePointAt(0) != '\'' ? body.codePointAt(0) : -1;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int[] at = {0};
        if (!unquoteOne(body, at, '\'', bytes) || at[0] != body.length()) {
            return -1;
        }
        byte[] b = bytes.toByteArray();
        if (b.length == 1) {
            return b[0] & 0xFF;
        }
        String s = new String(b, StandardCharsets.UTF_8);
        return s.codePointAt(0);
    }

    private static boolean unquoteOne(String s, int[] at, char quote, ByteArrayOutputStream out) {
        int i = at[0];
        int c = s.codePointAt(i);
        if (c == quote) {
            return false;
        }
        if (c != '\\') {
            out.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
            at[0] = i + Character.charCount(c);
            return true;
        }
        if (i + 1 >= s.length()) {
            return false;
        }
        char e = s.charAt(i + 1);
        i += 2;
        switch (e) {
            case 'a' -> out.write(7);
            case 'b' -> out.write('\b');
            case 'f' -> out.write('\f');
            case 'n' -> out.write('\n');
            case 'r' -> out.write('\r');
            case 't' -> out.write('\t');
            case 'v' -> out.write(0x0B);
            case '\\' -> out.write('\\');
            case '\'', '"' -> {
                if (e != quote) {
                    return false;
                }
                out.write(e);
            }
            case 'x', 'u', 'U' -> {
                int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + n > s.length()) {
                    return false;
                }
                long v = 0;
                for (int k = 0; k < n; k++) {
                    int d = Character.digit(s.charAt(i + k), 16);
                    if (d < 0) {
                        return false;
                    }
                    v = v * 16 + d;
                }
                i += n;
                if (e == 'x') {
                    out.write((int) v);
                } else {
                    if (!validRune(v)) {
                        return false;
                    }
                    out.writeBytes(Character.toString((int) v).getBytes(StandardCharsets.UTF_8));
                }
            }
            default -> {
                if (e < '0' || e > '7' || i + 2 > s.length()) {
                    return false;
                }
                int v = e - '0';
                for (int k = 0; k < 2; k++) {
                    int d = s.charAt(i + k) - '0';
                    if (d < 0 || d > 7) {
                        return false;
                    }
                    v = v * 8 + d;
                }
                if (v > 255) {
                    return false;
                }
                i += 2;
                out.write(v);
            }
        }
        at[0] = i;
        return true;
    }
}
