package io.berth.cli.format;

/** One lexical item of a template, as Go's {@code text/template/parse} lexer emits them. */
record Token(Kind kind, String text, int pos, int line) {

    enum Kind {
        TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, FIELD, VARIABLE, DECLARE, ASSIGN, PIPE, LEFT_PAREN,
        RIGHT_PAREN, STRING, RAW_STRING, CHAR_CONSTANT, NUMBER, BOOL, IDENTIFIER, CHAR, EOF, ERROR,
        // keywords from here on; Go prints them as <word> in messages
        DOT, NIL, IF, ELSE, END, RANGE, WITH, BREAK, CONTINUE, DEFINE, TEMPLATE, BLOCK;

        boolean keyword() {
            return ordinal() >= DOT.ordinal();
        }
    }

    /** Go's {@code item.String()}, used in "unexpected ... in ..." messages. */
    @Override
    public String toString() {
        if (kind == Kind.EOF) {
            return "EOF";
        }
        if (kind == Kind.ERROR) {
            return text;
        }
        if (kind.keyword()) {
            return "<" + text + ">";
        }
        if (text.codePointCount(0, text.length()) > 10) {
            return Quoting.quote(text.substring(0, text.offsetByCodePoints(0, 10)), false) + "...";
        }
        return Quoting.quote(text, false);
    }
}
