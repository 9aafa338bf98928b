package io.berth.compose.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .dockerignore}: one pattern a line ({@code #} comments), Go's path matching with
 * {@code **} for any number of directories, {@code !} to include again, the last matching line
 * deciding; a pattern that matches a directory excludes what is below it. The Dockerfile and
 * {@code .dockerignore} itself are sent whatever it says, as the docker CLI does.
 */
public final class DockerIgnore {
    private record Rule(Pattern pattern, boolean exclude) {}

    private final List<Rule> rules;
    private final List<String> keep;

    private DockerIgnore(List<Rule> rules, List<String> keep) {
        this.rules = rules;
        this.keep = keep;
    }

    public static DockerIgnore none() {
        return new DockerIgnore(List.of(), List.of());
    }

    /** The context's {@code .dockerignore} (none: nothing excluded); {@code dockerfile} is kept whatever it says. */
    public static DockerIgnore of(Path context, String dockerfile) {
        Path file = context.resolve(".dockerignore");
        if (!Files.isRegularFile(file)) {
            return new DockerIgnore(List.of(), List.of(dockerfile, ".dockerignore"));
        }
        try {
            return parse(Files.readString(file), dockerfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DockerIgnore parse(String text, String dockerfile) {
        var rules = new ArrayList<Rule>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exclude = true;
            if (line.startsWith("!")) {
                exclude = false;
                line = line.substring(1).strip();
            }
            line = clean(line);
            if (line.isEmpty()) {
                continue;
            }
            rules.add(new Rule(Pattern.compile(regex(line)), exclude));
        }
        return new DockerIgnore(rules, List.of(dockerfile, ".dockerignore"));
    }

    /** True when {@code name} (relative, with {@code /}) or a directory above it is excluded. */
    public boolean excludes(String name) {
        boolean excluded = false;
        for (Rule r : rules) {
            if (matchesOrParent(r.pattern(), name)) {
                excluded = r.exclude();
            }
        }
        return excluded;
    }

    boolean mustKeep(String name) {
        return keep.contains(name);
    }

    private static boolean matchesOrParent(Pattern p, String name) {
        if (p.matcher(name).matches()) {
            return true;
        }
        for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
            if (p.matcher(name.substring(0, i)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String clean(String p) {
        String s = p.replace('\\', '/');
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        while (s.endsWith("/") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        return s.equals(".") ? "" : s;
    }

    private static String regex(String glob) {
        var out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    i++;
                    out.append("(?:.*/)?");
                } else {
                    out.append(".*");
                }
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else if (c == '[') {
                int close = glob.indexOf(']', i);
                if (close < 0) {
                    out.append("\\[");
                } else {
                    String set = glob.substring(i + 1, close);
                    out.append('[').append(set.startsWith("!") || set.startsWith("^") ? "^" + set.substring(1) : set)
                            .append(']');
                    i = close;
                }
            } else if (c == '\\' && i + 1 < glob.length()) {
                out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
