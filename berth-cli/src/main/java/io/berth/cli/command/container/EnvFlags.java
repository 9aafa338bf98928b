package io.berth.cli.command.container;

import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code -e} and {@code --env-file} as the docker CLI reads them (for {@code run}, {@code create} and {@code exec}). */
final class EnvFlags {
    private EnvFlags() {}

    /** The files' entries first, then the {@code -e} ones; a bare name takes its value from this environment. */
    static List<String> resolve(List<Path> envFiles, List<String> env) {
        var out = new ArrayList<String>();
        for (Path file : envFiles) {
            try {
                for (String line : Files.readAllLines(file)) {
                    // as docker reads env files: leading blanks go, the value is kept as written
                    String s = line.stripLeading();
                    if (s.isEmpty() || s.startsWith("#")) {
                        continue;
                    }
                    int eq = s.indexOf('=');
                    String name = eq < 0 ? s : s.substring(0, eq);
                    if (name.chars().anyMatch(Character::isWhitespace)) {
                        throw new InvalidArgumentException("poorly formatted environment: variable '" + name
                                + "' contains whitespaces");
                    }
                    if (eq >= 0) {
                        out.add(s);
                    } else if (System.getenv(s) != null) {
                        out.add(s + "=" + System.getenv(s)); // an unset name in a file is dropped
                    }
                }
            } catch (IOException e) {
                throw new InvalidArgumentException("open " + file + ": no such file or directory");
            }
        }
        for (String e : env) {
            out.add(resolveEnv(e));
        }
        return out;
    }

    /** {@code -e NAME} takes NAME's value from this environment, as docker does (and sends NAME alone if unset). */
    private static String resolveEnv(String entry) {
        if (entry.contains("=")) {
            return entry;
        }
        String value = System.getenv(entry);
        return value == null ? entry : entry + "=" + value;
    }
}
