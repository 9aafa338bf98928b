package io.berth.build.dockerfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first stage of reading a Dockerfile: parser directives ({@code # syntax=}, {@code # escape=},
 * {@code # check=}) at the top, comments, line continuations (the escape character at the end of
 * a line; comment and empty lines inside a continuation are skipped), {@code --flags} after the
 * keyword, and heredocs ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}) for {@code RUN},
 * {@code COPY} and {@code ADD}. The result is one {@link Node} per instruction, with its line
 * numbers; {@link Instructions} gives them meaning.
 */
public final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
    private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("run", "copy", "add");
    private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_.-]*)\\3$");

    private DockerfileParser() {}

    /** A parsed Dockerfile: its directives, escape character, instructions and warnings. */
    public record Result(Map<String, String> directives, char escape, List<Node> nodes, List<String> warnings) {
        public Result {
            directives = Map.copyOf(directives);
            nodes = List.copyOf(nodes);
            warnings = List.copyOf(warnings);
        }
    }

    /** One instruction: keyword (lower case), flags, the rest of the line, the text as written and where. */
    public record Node(String keyword, List<String> flags, String rest, String original, int startLine, int endLine,
                       List<Heredoc> heredocs) {
        public Node {
            flags = List.copyOf(flags);
            heredocs = List.copyOf(heredocs);
        }
    }

    /** A here-document: its name, its body (with the final newline), and whether variables expand in it. */
    public record Heredoc(String name, String content, boolean expand) {}

    public static Result parse(byte[] dockerfile) {
        return parse(new String(dockerfile, StandardCharsets.UTF_8));
    }

    public static Result parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith("\r")) {
                lines[i] = lines[i].substring(0, lines[i].length() - 1);
            }
        }
        var directives = new LinkedHashMap<String, String>();
        var warnings = new ArrayList<String>();
        var nodes = new ArrayList<Node>();
        char escape = '\\';
        boolean lookingForDirectives = true;
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (lookingForDirectives) {
                Matcher m = DIRECTIVE.matcher(line);
                if (m.matches()) {
                    String name = m.group(1).toLowerCase(Locale.ROOT);
                    if (DIRECTIVES.contains(name)) {
                        if (directives.containsKey(name)) {
                            throw ParseErrors.at("only one " + name + " parser directive can be used", i + 1);
                        }
                        directives.put(name, m.group(2));
                        if (name.equals("escape")) {
                            String value = m.group(2);
                            if (!value.equals("\\") && !value.equals("`")) {
                                throw ParseErrors.at("invalid escape token '" + value
                                        + "' does not match ` or \\", i + 1);
                            }
                            escape = value.charAt(0);
                        }
                        i++;
                        continue;
                    }
                }
                lookingForDirectives = false;
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                i++;
                continue;
            }
            int start = i + 1;
            var joined = new StringBuilder(stripLeading(line));
            boolean continued = continues(joined, escape);
            boolean emptyContinuation = false;
            while (continued) {
                i++;
                if (i >= lines.length) {
                    break;
                }
                String next = lines[i];
                String nextTrimmed = next.strip();
                if (nextTrimmed.isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                if (nextTrimmed.startsWith("#")) {
                    continue;
                }
                joined.append(next);
                continued = continues(joined, escape);
            }
            if (emptyContinuation) {
                warnings.add("[WARNING]: Empty continuation line found in: " + joined.toString().strip());
            }
            int end = Math.min(i + 1, lines.length);
            String original = joined.toString().strip();
            var node = node(original, start, end, escape);
            if (HEREDOC_INSTRUCTIONS.contains(node.keyword()) && !node.rest().startsWith("[")) {
                var heredocs = new ArrayList<Heredoc>();
                for (String word : rawWords(node.rest(), escape)) {
                    Matcher m = HEREDOC.matcher(word);
                    if (!m.matches()) {
                        continue;
                    }
                    boolean chomp = m.group(2).equals("-");
                    String name = m.group(4);
                    var body = new StringBuilder();
                    boolean closed = false;
                    while (++i < lines.length) {
                        String bodyLine = lines[i];
                        if (chomp) {
                            bodyLine = bodyLine.replaceFirst("^\t+", "");
                        }
                        if (bodyLine.equals(name)) {
                            closed = true;
                            break;
                        }
                        body.append(bodyLine).append('\n');
                    }
                    if (!closed) {
                        throw ParseErrors.at("unterminated heredoc " + name, start);
                    }
                    heredocs.add(new Heredoc(name, body.toString(), m.group(3).isEmpty()));
                }
                if (!heredocs.isEmpty()) {
                    node = new Node(node.keyword(), node.flags(), node.rest(), node.original(), start, i + 1, heredocs);
                }
            }
            nodes.add(node);
            i++;
        }
        return new Result(directives, escape, nodes, warnings);
    }

    /** Removes a trailing escape character (and white space after it); says whether the line continues. */
    private static boolean continues(StringBuilder line, char escape) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == escape) {
            line.setLength(end - 1);
            return true;
        }
        return false;
    }

    private static Node node(String line, int start, int end, char escape) {
        int space = indexOfWhitespace(line, 0);
        String keyword = (space < 0 ? line : line.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : stripLeading(line.substring(space));
        var flags = new ArrayList<String>();
        while (rest.startsWith("--")) {
            int next = indexOfWhitespace(rest, 0);
            flags.add(next < 0 ? rest : rest.substring(0, next));
            rest = next < 0 ? "" : stripLeading(rest.substring(next));
        }
        return new Node(keyword, flags, rest.strip(), line, start, end, List.of());
    }

    /**
     * Splits on white space, keeping quotes and escapes in the words (Docker's {@code parseWords}):
     * {@code a="b c" d} is two words.
     */
    static List<String> rawWords(String text, char escape) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (ch == escape && i + 1 < text.length() && quote != '\'') {
                word.append(ch).append(text.charAt(++i));
                continue;
            }
            if (quote == 0 && (ch == '"' || ch == '\'')) {
                quote = ch;
            } else if (ch == quote) {
                quote = 0;
            }
            word.append(ch);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int indexOfWhitespace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String stripLeading(String s) {
        return s.stripLeading();
    }
}
