package io.berth.cli.format;

import io.berth.cli.format.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a template into tokens the way Go's lexer does, including trim markers and comments. A
 * lexical error becomes an {@link Kind#ERROR} token followed by EOF, so the parser reports whatever
 * goes wrong first, as Go does.
 */
final class Lexer {
    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";
    private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
            Map.entry(".", Kind.DOT), Map.entry("block", Kind.BLOCK), Map.entry("break", Kind.BREAK),
            Map.entry("continue", Kind.CONTINUE), Map.entry("define", Kind.DEFINE), Map.entry("else", Kind.ELSE),
            Map.entry("end", Kind.END), Map.entry("if", Kind.IF), Map.entry("range", Kind.RANGE),
            Map.entry("nil", Kind.NIL), Map.entry("template", Kind.TEMPLATE), Map.entry("with", Kind.WITH));

    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int start;
    private int pos;
    private int parenDepth;

    private Lexer(String input) {
        this.input = input;
    }

    static List<Token> lex(String input) {
        Lexer lexer = new Lexer(input);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (lexText() && lexLeftDelim()) {
            // each round consumes one text run and one action or comment
        }
    }

    /** Emits text up to the next "{{"; false once EOF has been emitted. */
    private boolean lexText() {
        int x = input.indexOf(LEFT, pos);
        if (x < 0) {
            pos = input.length();
            if (pos > start) {
                emit(Kind.TEXT);
            }
            emit(Kind.EOF);
            return false;
        }
        int end = x;
        if (hasLeftTrimMarker(x + LEFT.length())) {
            while (end > start && isSpace(input.charAt(end - 1))) {
                end--;
            }
        }
        if (end > start) {
            tokens.add(new Token(Kind.TEXT, input.substring(start, end), start, lineAt(start)));
        }
        start = pos = x;
        return true;
    }

    /** Lexes from "{{" through the matching "}}"; false once an error has been emitted. */
    private boolean lexLeftDelim() {
        pos += LEFT.length();
        boolean trim = hasLeftTrimMarker(pos);
        int afterMarker = trim ? 2 : 0;
        if (input.startsWith("/*", pos + afterMarker)) {
            pos += afterMarker;
            start = pos;
            return lexComment();
        }
        emit(Kind.LEFT_DELIM);
        pos += afterMarker;
        start = pos;
        parenDepth = 0;
        return lexInsideAction();
    }

    private boolean lexComment() {
        pos += 2;
        int x = input.indexOf("*/", pos);
        if (x < 0) {
            return error("unclosed comment");
        }
        pos = x + 2;
        int delim = atRightDelim();
        if (delim == 0) {
            return error("comment ends before closing delimiter");
        }
        pos += (delim == 2 ? 2 : 0) + RIGHT.length();
        if (delim == 2) {
            skipLeadingSpace();
        }
        start = pos;
        return true;
    }

    private boolean lexInsideAction() {
        while (true) {
            int delim = atRightDelim();
            if (delim != 0) {
                if (parenDepth != 0) {
                    return error("unclosed left paren");
                }
                lexRightDelim(delim == 2);
                return true;
            }
            if (pos >= input.length()) {
                return error("unclosed action");
            }
            int r = input.codePointAt(pos);
            if (isSpace(r)) {
                lexSpace();
                continue;
            }
            pos += Character.charCount(r);
            boolean ok = switch (r) {
                case '=' -> emit(Kind.ASSIGN);
                case ':' -> {
                    if (pos < input.length() && input.charAt(pos) == '=') {
                        pos++;
                        yield emit(Kind.DECLARE);
                    }
                    yield error("expected :=");
                }
                case '|' -> emit(Kind.PIPE);
                case '"' -> lexQuote('"', Kind.STRING, "unterminated quoted string");
                case '\'' -> lexQuote('\'', Kind.CHAR_CONSTANT, "unterminated character constant");
                case '`' -> lexRawQuote();
                case '$' -> lexFieldOrVariable(Kind.VARIABLE);
                case '(' -> {
                    parenDepth++;
                    yield emit(Kind.LEFT_PAREN);
                }
                case ')' -> {
                    emit(Kind.RIGHT_PAREN);
                    yield --parenDepth >= 0 || error("unexpected right paren");
                }
                default -> lexOther(r);
            };
            if (!ok) {
                return false;
            }
        }
    }

    private boolean lexOther(int r) {
        if (r == '.' && pos < input.length() && (input.charAt(pos) < '0' || input.charAt(pos) > '9')) {
            return lexFieldOrVariable(Kind.FIELD);
        }
        if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9')) {
            pos = start;
            return lexNumber();
        }
        if (isAlphaNumeric(r)) {
            return lexIdentifier();
        }
        if (r < 0x80 && Quoting.isPrint(r)) {
            return emit(Kind.CHAR);
        }
        return error("unrecognized character in action: " + Quoting.unicodeNotation(r));
    }

    private void lexRightDelim(boolean trim) {
        if (trim) {
            pos += 2;
            start = pos;
        }
        pos += RIGHT.length();
        emit(Kind.RIGHT_DELIM);
        if (trim) {
            skipLeadingSpace();
            start = pos;
        }
    }

    private void lexSpace() {
        while (pos < input.length() && isSpace(input.charAt(pos))) {
            pos++;
        }
        // a space directly before "-}}" belongs to the trim marker
        if (input.startsWith("-" + RIGHT, pos)) {
            pos--;
        }
        if (pos > start) {
            emit(Kind.SPACE);
        }
    }

    private boolean lexIdentifier() {
        while (pos < input.length() && isAlphaNumeric(input.codePointAt(pos))) {
            pos += Character.charCount(input.codePointAt(pos));
        }
        if (!atTerminator()) {
            return error("bad character " + Quoting.unicodeNotation(input.codePointAt(pos)));
        }
        String word = input.substring(start, pos);
        Kind keyword = KEYWORDS.get(word);
        if (keyword != null) {
            return emit(keyword);
        }
        return emit(word.equals("true") || word.equals("false") ? Kind.BOOL : Kind.IDENTIFIER);
    }

    /** After "." or "$": the name, or just the sign ("." is DOT, "$" a variable). */
    private boolean lexFieldOrVariable(Kind kind) {
        if (atTerminator()) {
            return emit(kind == Kind.FIELD ? Kind.DOT : Kind.VARIABLE);
        }
        while (pos < input.length() && isAlphaNumeric(input.codePointAt(pos))) {
            pos += Character.charCount(input.codePointAt(pos));
        }
        if (!atTerminator()) {
            return error("bad character " + Quoting.unicodeNotation(input.codePointAt(pos)));
        }
        return emit(kind);
    }

    private boolean lexNumber() {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX")) {
                digits = "0123456789abcdefABCDEF_";
            } else if (accept("oO")) {
                digits = "01234567_";
            } else if (accept("bB")) {
                digits = "01_";
            }
        }
        acceptRun(digits);
        if (accept(".")) {
            acceptRun(digits);
        }
        if (digits.length() == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (digits.length() == 23 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        if (pos < input.length() && isAlphaNumeric(input.codePointAt(pos))) {
            pos += Character.charCount(input.codePointAt(pos));
            return error("bad number syntax: " + Quoting.quote(input.substring(start, pos), false));
        }
        return emit(Kind.NUMBER);
    }

    private boolean lexQuote(char quote, Kind kind, String unterminated) {
        while (true) {
            if (pos >= input.length()) {
                return error(unterminated);
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (pos >= input.length() || input.charAt(pos) == '\n') {
                    return error(unterminated);
                }
                pos++;
            } else if (c == '\n') {
                return error(unterminated);
            } else if (c == quote) {
                return emit(kind);
            }
        }
    }

    private boolean lexRawQuote() {
        int end = input.indexOf('`', pos);
        if (end < 0) {
            return error("unterminated raw quoted string");
        }
        pos = end + 1;
        return emit(Kind.RAW_STRING);
    }

    private boolean accept(String valid) {
        if (pos < input.length() && valid.indexOf(input.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void acceptRun(String valid) {
        while (accept(valid)) {
            // absorb
        }
    }

    /** 0 when not at "}}", 1 at "}}", 2 at a trim-marked " -}}". */
    private int atRightDelim() {
        if (pos + 1 < input.length() && isSpace(input.charAt(pos)) && input.charAt(pos + 1) == '-'
                && input.startsWith(RIGHT, pos + 2)) {
            return 2;
        }
        return input.startsWith(RIGHT, pos) ? 1 : 0;
    }

    private boolean atTerminator() {
        if (pos >= input.length()) {
            return true;
        }
        char r = input.charAt(pos);
        return isSpace(r) || ".,|:()".indexOf(r) >= 0 || input.startsWith(RIGHT, pos);
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
    }

    private void skipLeadingSpace() {
        while (pos < input.length() && isSpace(input.charAt(pos))) {
            pos++;
        }
    }

    private boolean emit(Kind kind) {
        String text = kind == Kind.EOF ? "" : input.substring(start, pos);
        tokens.add(new Token(kind, text, start, lineAt(start)));
        start = pos;
        return true;
    }

    private boolean error(String message) {
        tokens.add(new Token(Kind.ERROR, message, start, lineAt(start)));
        tokens.add(new Token(Kind.EOF, "", pos, lineAt(pos)));
        return false;
    }

    private int lineAt(int at) {
        int line = 1;
        for (int i = 0; i < at && i < input.length(); i++) {
            if (input.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean isSpace(int r) {
        return r == ' ' || r == '\t' || r == '\r' || r == '\n';
    }

    private static boolean isAlphaNumeric(int r) {
        return r == '_' || Character.isLetter(r) || Character.isDigit(r);
    }
}
