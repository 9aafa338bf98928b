package io.berth.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies Dockerfile instructions to an image's container defaults, as {@code docker import
 * --change} and {@code docker commit --change} do: {@code CMD}, {@code ENTRYPOINT}, {@code ENV},
 * {@code EXPOSE}, {@code LABEL}, {@code ONBUILD}, {@code STOPSIGNAL}, {@code USER}, {@code VOLUME}
 * and {@code WORKDIR}. The config uses Docker's capitalised keys ({@code Cmd}, {@code Env}, …).
 *
 * <p>As in a Dockerfile: the changes are joined into lines (a trailing backslash continues a
 * line, {@code #} starts a comment); {@code CMD}/{@code ENTRYPOINT} take a JSON array or a shell
 * command ({@code ["/bin/sh","-c","…"]}); {@code ENV}/{@code LABEL} take {@code key=value} words
 * (quotes and backslashes as in a shell) or the old {@code key value} form; {@code $VAR} and
 * {@code ${VAR}} are replaced from the environment in {@code ENV}, {@code EXPOSE}, {@code LABEL},
 * {@code STOPSIGNAL}, {@code USER}, {@code VOLUME} and {@code WORKDIR}; an {@code ENTRYPOINT}
 * clears a {@code Cmd} that these changes did not set.
 */
public final class ConfigChanges {
    private static final Set<String> ALLOWED = Set.of("cmd", "entrypoint", "env", "expose", "label", "onbuild",
            "stopsignal", "user", "volume", "workdir");
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?(?:/([a-zA-Z]+))?");
    private static final Pattern SIGNAL = Pattern.compile("(?i)(?:SIG)?[A-Z][A-Z0-9+-]*|\\d+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigChanges() {}

    /**
     * Returns a copy of {@code config} (Docker's container config object, or {@code null} for an
     * empty one) with the changes applied. An instruction that is not allowed or is malformed is an
     * {@link InvalidArgumentException}, with Docker's wording where it has one
     * ({@code from is not a valid change command}).
     */
    public static ObjectNode apply(JsonNode config, List<String> changes) {
        ObjectNode result = config instanceof ObjectNode object ? object.deepCopy() : NODES.objectNode();
        if (changes == null || changes.isEmpty()) {
            return result;
        }
        var lines = lines(String.join("\n", changes));
        for (String line : lines) {
            String keyword = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (!ALLOWED.contains(keyword)) {
                throw new InvalidArgumentException(keyword + " is not a valid change command");
            }
        }
        boolean cmdSet = false;
        for (String line : lines) {
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String rest = parts.length > 1 ? parts[1].strip() : "";
            var env = env(result);
            switch (keyword) {
                case "CMD" -> {
                    result.set("Cmd", command(keyword, rest));
                    cmdSet = true;
                }
                case "ENTRYPOINT" -> {
                    result.set("Entrypoint", command(keyword, rest));
                    if (!cmdSet) {
                        result.putNull("Cmd");
                    }
                }
                case "ENV" -> {
                    for (var pair : nameValues(keyword, rest, env).entrySet()) {
                        setEnv(result, pair.getKey(), pair.getValue());
                    }
                }
                case "LABEL" -> {
                    ObjectNode labels = object(result, "Labels");
                    nameValues(keyword, rest, env).forEach(labels::put);
                }
                case "EXPOSE" -> expose(result, words(keyword, rest, env));
                case "VOLUME" -> {
                    ObjectNode volumes = object(result, "Volumes");
                    var paths = jsonArray(rest);
                    for (String path : paths != null ? expandAll(paths, env) : words(keyword, rest, env)) {
                        if (path.isBlank()) {
                            throw new InvalidArgumentException("VOLUME specified can not be an empty string");
                        }
                        volumes.putObject(path);
                    }
                }
                case "USER" -> result.put("User", single(keyword, rest, env));
                case "STOPSIGNAL" -> {
                    String signal = single(keyword, rest, env);
                    if (!SIGNAL.matcher(signal).matches()) {
                        throw new InvalidArgumentException("Invalid signal: " + signal);
                    }
                    result.put("StopSignal", signal);
                }
                case "WORKDIR" -> {
                    if (rest.isEmpty()) {
                        throw new InvalidArgumentException("WORKDIR requires exactly one argument");
                    }
                    String current = result.path("WorkingDir").asText("");
                    result.put("WorkingDir", workdir(current, processWord(rest, env)));
                }
                case "ONBUILD" -> {
                    if (rest.isEmpty()) {
                        throw new InvalidArgumentException("ONBUILD requires at least one argument");
                    }
                    String trigger = rest.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                    if (trigger.equals("ONBUILD")) {
                        throw new InvalidArgumentException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                    }
                    if (trigger.equals("FROM") || trigger.equals("MAINTAINER")) {
                        throw new InvalidArgumentException(trigger + " isn't allowed as an ONBUILD trigger");
                    }
                    array(result, "OnBuild").add(rest);
                }
                default -> throw new IllegalStateException(keyword);
            }
        }
        return result;
    }

    // --- lines and words ---------------------------------------------------------------------

    /** Logical lines: continuations joined, comments and blank lines dropped. */
    static List<String> lines(String text) {
        var lines = new ArrayList<String>();
        var current = new StringBuilder();
        for (String physical : text.split("\r?\n", -1)) {
            String stripped = physical.strip();
            if (current.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (!current.isEmpty() && stripped.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (stripped.endsWith("\\") && !stripped.endsWith("\\\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            if (!current.toString().isBlank()) {
                lines.add(current.toString().strip());
            }
            current.setLength(0);
        }
        if (!current.toString().isBlank()) {
            lines.add(current.toString().strip());
        }
        return lines;
    }

    /** Splits on whitespace outside quotes, keeping quotes and backslashes (Docker's parseWords). */
    static List<String> splitWords(String text) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            word.append(c);
            if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * Removes quotes and backslashes and replaces variables, as a shell does with one word
     * (Docker's ProcessWord): {@code $A}, {@code ${A}}, {@code ${A:-default}}, {@code ${A:+alt}};
     * nothing is replaced between single quotes.
     */
    static String processWord(String word, Map<String, String> env) {
        var out = new StringBuilder();
        int i = 0;
        while (i < word.length()) {
            char c = word.charAt(i);
            if (c == '\'') {
                int end = word.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new InvalidArgumentException("unexpected end of statement while looking for matching single-quote");
                }
                out.append(word, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= word.length()) {
                        throw new InvalidArgumentException("unexpected end of statement while looking for matching double-quote");
                    }
                    char d = word.charAt(i);
                    if (d == '"') {
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < word.length() && "\"\\$".indexOf(word.charAt(i + 1)) >= 0) {
                        out.append(word.charAt(i + 1));
                        i += 2;
                    } else if (d == '$') {
                        i = variable(word, i, env, out);
                    } else {
                        out.append(d);
                        i++;
                    }
                }
            } else if (c == '\\') {
                if (i + 1 < word.length()) {
                    out.append(word.charAt(i + 1));
                    i += 2;
                } else {
                    out.append(c);
                    i++;
                }
            } else if (c == '$') {
                i = variable(word, i, env, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Expands the variable at {@code word[start] == '$'}; returns the index after it. */
    private static int variable(String word, int start, Map<String, String> env, StringBuilder out) {
        int i = start + 1;
        if (i < word.length() && word.charAt(i) == '{') {
            int end = closingBrace(word, i);
            String body = word.substring(i + 1, end);
            int colon = body.indexOf(':');
            String name = colon < 0 ? body : body.substring(0, colon);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InvalidArgumentException("bad substitution: ${" + body + "}");
            }
            String value = env.get(name);
            if (colon < 0) {
                out.append(value == null ? "" : value);
            } else {
                String modifier = body.substring(colon + 1);
                if (modifier.startsWith("-")) {
                    out.append(value == null || value.isEmpty() ? processWord(modifier.substring(1), env) : value);
                } else if (modifier.startsWith("+")) {
                    out.append(value == null || value.isEmpty() ? "" : processWord(modifier.substring(1), env));
                } else {
                    throw new InvalidArgumentException("unsupported modifier (" + modifier + ") in substitution");
                }
            }
            return end + 1;
        }
        int end = i;
        while (end < word.length() && (Character.isLetterOrDigit(word.charAt(end)) || word.charAt(end) == '_')
                && !(end == i && Character.isDigit(word.charAt(end)))) {
            end++;
        }
        if (end == i) {
            out.append('$');
            return i;
        }
        String value = env.get(word.substring(i, end));
        out.append(value == null ? "" : value);
        return end;
    }

    private static int closingBrace(String word, int open) {
        int depth = 0;
        for (int i = open; i < word.length(); i++) {
            if (word.charAt(i) == '{') {
                depth++;
            } else if (word.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new InvalidArgumentException("missing '}' in " + word);
    }

    private static List<String> words(String keyword, String rest, Map<String, String> env) {
        var words = expandAll(splitWords(rest), env).stream().filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new InvalidArgumentException(keyword + " requires at least one argument");
        }
        return words;
    }

    private static List<String> expandAll(List<String> words, Map<String, String> env) {
        return words.stream().map(w -> processWord(w, env)).toList();
    }

    private static String single(String keyword, String rest, Map<String, String> env) {
        var words = splitWords(rest);
        if (words.size() != 1) {
            throw new InvalidArgumentException(keyword + " requires exactly one argument");
        }
        return processWord(words.getFirst(), env);
    }

    /** {@code k=v k2="v 2"}, or the old {@code k the value} (one pair). */
    private static Map<String, String> nameValues(String keyword, String rest, Map<String, String> env) {
        var words = splitWords(rest);
        if (words.isEmpty()) {
            throw new InvalidArgumentException(keyword + " requires at least one argument");
        }
        var pairs = new LinkedHashMap<String, String>();
        if (!words.getFirst().contains("=")) {
            String[] parts = rest.split("\\s+", 2);
            if (parts.length < 2 || parts[1].isBlank()) {
                throw new InvalidArgumentException(keyword + " must have two arguments");
            }
            pairs.put(nonBlank(keyword, processWord(parts[0], env)), processWord(parts[1].strip(), env));
            return pairs;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new InvalidArgumentException("Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value");
            }
            pairs.put(nonBlank(keyword, processWord(word.substring(0, eq), env)), processWord(word.substring(eq + 1), env));
        }
        return pairs;
    }

    private static String nonBlank(String keyword, String name) {
        if (name.isBlank()) {
            throw new InvalidArgumentException(keyword + " names can not be blank");
        }
        return name;
    }

    /** A JSON array of strings, or {@code null} if the text is not one. */
    private static List<String> jsonArray(String text) {
        if (!text.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = Json.tree(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!node.isArray()) {
                return null;
            }
            var items = new ArrayList<String>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    return null;
                }
                items.add(item.asText());
            }
            return items;
        } catch (InvalidArgumentException e) {
            return null;
        }
    }

    /** The exec form (a JSON array) or the shell form, run by {@code /bin/sh -c}. */
    private static ArrayNode command(String keyword, String rest) {
        var exec = jsonArray(rest);
        ArrayNode node = NODES.arrayNode();
        if (exec != null) {
            exec.forEach(node::add);
            return node;
        }
        if (rest.isEmpty()) {
            throw new InvalidArgumentException(keyword + " requires at least one argument");
        }
        return node.add("/bin/sh").add("-c").add(rest);
    }

    // --- config fields -----------------------------------------------------------------------

    private static Map<String, String> env(ObjectNode config) {
        var env = new LinkedHashMap<String, String>();
        for (JsonNode item : config.path("Env")) {
            String entry = item.asText();
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    private static void setEnv(ObjectNode config, String key, String value) {
        ArrayNode env = array(config, "Env");
        for (int i = 0; i < env.size(); i++) {
            String entry = env.get(i).asText();
            if (entry.equals(key) || entry.startsWith(key + "=")) {
                env.set(i, NODES.textNode(key + "=" + value));
                return;
            }
        }
        env.add(key + "=" + value);
    }

    private static void expose(ObjectNode config, List<String> specs) {
        ObjectNode ports = object(config, "ExposedPorts");
        for (String spec : specs) {
            var matcher = PORT.matcher(spec);
            if (!matcher.matches()) {
                throw new InvalidArgumentException("invalid containerPort: " + spec);
            }
            String proto = matcher.group(3) == null ? "tcp" : matcher.group(3).toLowerCase(Locale.ROOT);
            if (!Set.of("tcp", "udp", "sctp").contains(proto)) {
                throw new InvalidArgumentException("invalid proto: " + matcher.group(3));
            }
            int first = Integer.parseInt(matcher.group(1));
            int last = matcher.group(2) == null ? first : Integer.parseInt(matcher.group(2));
            if (first > 65535 || last > 65535 || last < first) {
                throw new InvalidArgumentException("invalid containerPort: " + spec);
            }
            for (int port = first; port <= last; port++) {
                ports.putObject(port + "/" + proto);
            }
        }
    }

    /** A relative {@code WORKDIR} goes on from the current one; the result is cleaned. */
    private static String workdir(String current, String path) {
        String joined = path.startsWith("/") ? path : (current.isEmpty() ? "/" : current) + "/" + path;
        var parts = new ArrayList<String>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static ObjectNode object(ObjectNode config, String field) {
        return config.get(field) instanceof ObjectNode existing ? existing : config.putObject(field);
    }

    private static ArrayNode array(ObjectNode config, String field) {
        return config.get(field) instanceof ArrayNode existing ? existing : config.putArray(field);
    }
}
