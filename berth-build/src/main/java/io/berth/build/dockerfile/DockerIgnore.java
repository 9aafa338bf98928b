package io.berth.build.dockerfile;

import io.berth.common.InvalidArgumentException;
import io.berth.common.fs.SlashPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code .dockerignore}: one pattern per line ({@code #} comments, blank lines ignored), relative
 * to the context root; {@code *} and {@code ?} stay within a path component, {@code **} spans any
 * number of them, {@code [...]} is a character class and {@code \} escapes; {@code !} makes an
 * exception. A path is excluded when the last pattern that matches it or one of its parent
 * directories is not an exception (Docker's rule, so {@code dir} excludes everything under it and
 * {@code !dir/keep} brings one file back).
 */
public final class DockerIgnore {
    private record Rule(String pattern, boolean exception, Pattern regex) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    public static DockerIgnore parse(byte[] content) {
        return parse(new String(content, StandardCharsets.UTF_8));
    }

    public static DockerIgnore parse(String content) {
        var patterns = new ArrayList<String>();
        for (String line : content.split("\n")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            patterns.add(s);
        }
        return of(patterns);
    }

    public static DockerIgnore of(List<String> patterns) {
        var rules = new ArrayList<Rule>();
        for (String raw : patterns) {
            String s = raw.strip();
            boolean exception = false;
            if (s.startsWith("!")) {
                exception = true;
                s = s.substring(1).strip();
                if (s.isEmpty()) {
                    throw new InvalidArgumentException("illegal exclusion pattern: \"!\"");
                }
            }
            s = clean(s);
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            try {
                rules.add(new Rule(s, exception, Pattern.compile(regex(s))));
            } catch (PatternSyntaxException e) {
                throw new InvalidArgumentException("syntax error in pattern: " + raw);
            }
        }
        return new DockerIgnore(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether some exception pattern could bring back something under the directory {@code dir}. */
    public boolean hasExceptionsUnder(String dir) {
        for (Rule rule : rules) {
            if (rule.exception() && (rule.pattern().startsWith(dir + "/") || rule.pattern().contains("*")
                    || rule.pattern().contains("?") || rule.pattern().contains("["))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the context path {@code path} (relative, with {@code /}) is left out. */
    public boolean excludes(String path) {
        String file = clean(path);
        if (file.isEmpty() || file.equals(".")) {
            return false;
        }
        int slash = file.lastIndexOf('/');
        String[] parents = slash < 0 ? new String[0] : file.substring(0, slash).split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exception() != matched) {
                continue;
            }
            boolean match = rule.regex().matcher(file).matches();
            if (!match) {
                var prefix = new StringBuilder();
                for (String part : parents) {
                    if (!prefix.isEmpty()) {
                        prefix.append('/');
                    }
                    prefix.append(part);
                    if (rule.regex().matcher(prefix).matches()) {
                        match = true;
                        break;
                    }
                }
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /** Like Go's {@code filepath.Clean}, without a leading {@code /} or {@code ./}; nothing climbs above the root. */
    static String clean(String path) {
        return SlashPaths.clean("/" + path).substring(1);
    }

    static String regex(String pattern) {
        var out = new StringBuilder("^");
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            switch (ch) {
                case '*' -> {
                    if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                            i++;
                        }
                        if (i + 1 >= n) {
                            out.append(".*");
                        } else {
                            out.append("(.*/)?");
                        }
                    } else {
                        out.append("[^/]*");
                    }
                }
                case '?' -> out.append("[^/]");
                case '[' -> {
                    int close = pattern.indexOf(']', i + 2);
                    if (close < 0) {
                        throw new PatternSyntaxException("unclosed class", pattern, i);
                    }
                    String body = pattern.substring(i + 1, close);
                    if (body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    out.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = close;
                }
                case '\\' -> {
                    if (i + 1 < n) {
                        out.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> out.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return out.append('$').toString();
    }
}
