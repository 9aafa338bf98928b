package io.berth.compose.loader;

import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compose's {@code .env} and {@code env_file} syntax: {@code KEY=VALUE} lines, an optional
 * {@code export} before the key, {@code #} comments (inline ones after unquoted values need a blank
 * before them), single quotes literal, double quotes with {@code \n}-style escapes and lines that go
 * on until the closing quote, {@code ${VAR}} substitution in unquoted and double-quoted values
 * (from the lines above, then {@code lookup}). A line with a bare {@code KEY} takes the value of
 * {@code KEY} from {@code lookup}, and is left out when it has none.
 */
public final class DotEnv {
    private DotEnv() {}

    public static Map<String, String> read(Path file, Function<String, Optional<String>> lookup) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("Couldn't find env file: " + file);
        } catch (IOException e) {
            throw new InvalidArgumentException("failed to read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString(), lookup);
    }

    public static Map<String, String> parse(String text, String file, Function<String, Optional<String>> lookup) {
        var out = new LinkedHashMap<String, String>();
        Function<String, Optional<String>> scoped = name -> out.containsKey(name)
                ? Optional.of(out.get(name)) : lookup.apply(name);
        var interpolation = new Interpolation(scoped, _ -> { });
        int i = 0;
        int line = 1;
        while (i < text.length()) {
            int eol = text.indexOf('\n', i);
            if (eol < 0) {
                eol = text.length();
            }
            String raw = text.substring(i, eol).strip();
            int startLine = line;
            line++;
            if (raw.isEmpty() || raw.startsWith("#")) {
                i = eol + 1;
                continue;
            }
            if (raw.startsWith("export ")) {
                raw = raw.substring("export ".length()).strip();
            }
            int eq = raw.indexOf('=');
            if (eq < 0) {
                String key = raw;
                checkKey(key, file, startLine);
                lookup.apply(key).ifPresent(v -> out.put(key, v));
                i = eol + 1;
                continue;
            }
            String key = raw.substring(0, eq).strip();
            checkKey(key, file, startLine);
            // the value starts after '=' in the original text (it may run over several lines when quoted)
            int valueStart = text.indexOf('=', i) + 1;
            while (valueStart < text.length() && (text.charAt(valueStart) == ' ' || text.charAt(valueStart) == '\t')) {
                valueStart++;
            }
            char q = valueStart < text.length() ? text.charAt(valueStart) : '\n';
            if (q == '\'' || q == '"') {
                int close = closingQuote(text, valueStart + 1, q);
                if (close < 0) {
                    throw new InvalidArgumentException("failed to read " + file + ": line " + startLine
                            + ": unterminated quoted value");
                }
                String body = text.substring(valueStart + 1, close);
                line += (int) body.chars().filter(ch -> ch == '\n').count();
                String value = q == '\'' ? body : interpolation.string(unescape(body), key);
                out.put(key, value);
                int after = text.indexOf('\n', close);
                i = after < 0 ? text.length() : after + 1;
            } else {
                String value = raw.substring(eq + 1).strip();
                int hash = value.indexOf(" #");
                if (hash >= 0) {
                    value = value.substring(0, hash).strip();
                }
                out.put(key, interpolation.string(value, key));
                i = eol + 1;
            }
        }
        return out;
    }

    private static int closingQuote(String text, int from, char q) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && q == '"') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '"', '\\', '$' -> out.append(n);
                    default -> out.append('\\').append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void checkKey(String key, String file, int line) {
        if (key.isEmpty() || key.chars().anyMatch(c -> Character.isWhitespace(c))) {
            throw new InvalidArgumentException("failed to read " + file + ": line " + line + ": unexpected character \""
                    + (key.isEmpty() ? "=" : key) + "\" in variable name");
        }
    }
}
