package io.berth.build.dockerfile;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dockerfile variable substitution and word splitting, with the rules of Docker's builder: single
 * quotes are literal, double quotes expand {@code $} and let the escape character escape only
 * {@code "}, {@code $} and itself, an unquoted escape character takes the next character
 * literally; {@code $NAME}, {@code ${NAME}}, {@code ${NAME:-word}}, {@code ${NAME-word}},
 * {@code ${NAME:+word}}, {@code ${NAME+word}}, {@code ${NAME:?message}}, {@code ${NAME?message}},
 * {@code ${NAME#pattern}}, {@code ${NAME%pattern}} (shortest prefix or suffix, {@code *} and
 * {@code ?} as wildcards); unset variables expand to nothing. In words mode unquoted white space
 * (also inside an expanded value) separates words, and {@code ""} is an empty word.
 */
public final class ShellLex {
    private final char escape;

    public ShellLex(char escape) {
        this.escape = escape;
    }

    /** Expands one word: quotes are removed, white space is kept. */
    public String processWord(String word, Map<String, String> env) {
        var run = new Run(word, env, false);
        run.process(-1);
        return run.current.toString();
    }

    /**
     * Expands a here-document's body as a shell does: quotes are plain characters; {@code $} expands;
     * a backslash escapes only {@code $}, {@code `}, a backslash and a newline (always {@code \},
     * whatever the escape directive says).
     */
    public String processHeredoc(String text, Map<String, String> env) {
        var out = new StringBuilder();
        int pos = 0;
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == '\\' && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (next == '$' || next == '`' || next == '\\') {
                    out.append(next);
                    pos += 2;
                    continue;
                }
                if (next == '\n') {
                    pos += 2;
                    continue;
                }
            }
            if (ch == '$') {
                var run = new Run(text, env, false);
                run.pos = pos;
                out.append(run.dollar());
                pos = run.pos;
                continue;
            }
            out.append(ch);
            pos++;
        }
        return out.toString();
    }

    /** Expands and splits into words (for COPY sources, EXPOSE, VOLUME, …). */
    public List<String> processWords(String text, Map<String, String> env) {
        var run = new Run(text, env, true);
        run.process(-1);
        run.endWord();
        return run.words();
    }

    /** One pass over one input. */
    private final class Run {
        private final String s;
        private final Map<String, String> env;
        private final boolean words;
        private int pos;
        private StringBuilder current = new StringBuilder();
        private boolean started;
        private final List<String> result = new ArrayList<>();
        private final List<String> wordsOut = result;

        Run(String s, Map<String, String> env, boolean words) {
            this.s = s;
            this.env = env;
            this.words = words;
        }

        /** Processes until the end or (outside quotes) the character {@code stop}; consumes the stop. */
        void process(int stop) {
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (stop >= 0 && ch == stop) {
                    pos++;
                    return;
                }
                if (ch == escape) {
                    pos++;
                    if (pos < s.length()) {
                        raw(s.charAt(pos++));
                    }
                    continue;
                }
                switch (ch) {
                    case '\'' -> singleQuoted();
                    case '"' -> doubleQuoted();
                    case '$' -> {
                        String value = dollar();
                        if (words) {
                            for (char c : value.toCharArray()) {
                                plain(c);
                            }
                        } else {
                            current.append(value);
                        }
                    }
                    default -> {
                        pos++;
                        plain(ch);
                    }
                }
            }
            if (stop >= 0) {
                throw new InvalidArgumentException("failed to process \"" + s + "\": syntax error: missing '}'");
            }
        }

        private void singleQuoted() {
            pos++;
            started = true;
            while (true) {
                if (pos >= s.length()) {
                    throw new InvalidArgumentException("failed to process \"" + s
                            + "\": unexpected end of statement while looking for matching single-quote");
                }
                char ch = s.charAt(pos++);
                if (ch == '\'') {
                    return;
                }
                current.append(ch);
            }
        }

        private void doubleQuoted() {
            pos++;
            started = true;
            while (true) {
                if (pos >= s.length()) {
                    throw new InvalidArgumentException("failed to process \"" + s
                            + "\": unexpected end of statement while looking for matching double-quote");
                }
                char ch = s.charAt(pos);
                if (ch == '"') {
                    pos++;
                    return;
                }
                if (ch == '$') {
                    current.append(dollar());
                    continue;
                }
                pos++;
                if (ch == escape && pos < s.length()) {
                    char next = s.charAt(pos);
                    if (next == '"' || next == '$' || next == escape) {
                        pos++;
                        current.append(next);
                        continue;
                    }
                }
                current.append(ch);
            }
        }

        /** At a {@code $}: returns the expansion (or a literal {@code $}). */
        private String dollar() {
            pos++;
            if (pos >= s.length()) {
                return "$";
            }
            char ch = s.charAt(pos);
            if (ch == '{') {
                pos++;
                return braced();
            }
            if (Character.isDigit(ch)) {
                pos++;
                return ""; // positional parameters are never set
            }
            int start = pos;
            while (pos < s.length() && isNameChar(s.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                return "$";
            }
            return env.getOrDefault(s.substring(start, pos), "");
        }

        private String braced() {
            int start = pos;
            while (pos < s.length() && isNameChar(s.charAt(pos))) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (pos >= s.length()) {
                throw new InvalidArgumentException("failed to process \"" + s + "\": syntax error: missing '}'");
            }
            if (name.isEmpty()) {
                throw new InvalidArgumentException("failed to process \"" + s + "\": bad substitution");
            }
            char ch = s.charAt(pos++);
            String value = env.get(name);
            if (ch == '}') {
                return value == null ? "" : value;
            }
            boolean colon = false;
            if (ch == ':') {
                if (pos >= s.length()) {
                    throw new InvalidArgumentException("failed to process \"" + s + "\": syntax error: missing '}'");
                }
                colon = true;
                ch = s.charAt(pos++);
            }
            String word = nested();
            boolean unset = value == null || (colon && value.isEmpty());
            return switch (ch) {
                case '-' -> unset ? word : value;
                case '+' -> unset ? "" : word;
                case '?' -> {
                    if (unset) {
                        throw new InvalidArgumentException("failed to process \"" + s + "\": " + name + ": "
                                + (word.isEmpty() ? "is not allowed to be unset" : word));
                    }
                    yield value;
                }
                case '#' -> {
                    if (colon) {
                        throw new InvalidArgumentException("failed to process \"" + s + "\": bad substitution");
                    }
                    yield value == null ? "" : trimPrefix(value, word);
                }
                case '%' -> {
                    if (colon) {
                        throw new InvalidArgumentException("failed to process \"" + s + "\": bad substitution");
                    }
                    yield value == null ? "" : trimSuffix(value, word);
                }
                default -> throw new InvalidArgumentException("failed to process \"" + s
                        + "\": unsupported modifier (" + ch + ") in substitution");
            };
        }

        /** The word of a {@code ${NAME<op>word}}, itself expanded, up to the closing brace. */
        private String nested() {
            var inner = new Run(s, env, false);
            inner.pos = pos;
            inner.process('}');
            pos = inner.pos;
            return inner.current.toString();
        }

        private void raw(char ch) {
            started = true;
            current.append(ch);
        }

        private void plain(char ch) {
            if (words && Character.isWhitespace(ch)) {
                endWord();
                return;
            }
            raw(ch);
        }

        void endWord() {
            if (started || !current.isEmpty()) {
                wordsOut.add(current.toString());
            }
            current = new StringBuilder();
            started = false;
        }

        List<String> words() {
            return result;
        }
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String trimPrefix(String value, String pattern) {
        var regex = java.util.regex.Pattern.compile(glob(pattern, true) + "(.*)", java.util.regex.Pattern.DOTALL);
        var m = regex.matcher(value);
        return m.matches() ? m.group(1) : value;
    }

    private static String trimSuffix(String value, String pattern) {
        var regex = java.util.regex.Pattern.compile("(.*)" + glob(pattern, true), java.util.regex.Pattern.DOTALL);
        var m = regex.matcher(value);
        return m.matches() ? m.group(1) : value;
    }

    /** A shell glob as a regular expression; {@code lazy} makes {@code *} match as little as it can. */
    private static String glob(String pattern, boolean lazy) {
        var out = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> out.append(lazy ? ".*?" : ".*");
                case '?' -> out.append('.');
                default -> out.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
