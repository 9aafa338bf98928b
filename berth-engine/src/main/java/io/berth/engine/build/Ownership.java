package io.berth.engine.build;

import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The owner that {@code COPY --chown} and {@code ADD --chown} give files: {@code user[:group]},
 * numbers or names looked up in the image's {@code /etc/passwd} and {@code /etc/group}. Without a
 * group the user's string is looked up as the group too (Docker's rule: {@code --chown=1000} is
 * {@code 1000:1000}, {@code --chown=bin} is {@code bin:bin}).
 */
record Ownership(int uid, int gid) {
    static final Ownership ROOT = new Ownership(0, 0);

    static Ownership parse(String spec, Path rootfs) {
        String[] parts = spec.split(":", 2);
        String user = parts[0];
        String group = parts.length > 1 ? parts[1] : parts[0];
        if (user.isEmpty() || group.isEmpty()) {
            throw new InvalidArgumentException("unable to convert uid/gid chown string to host mapping: invalid chown string: "
                    + spec);
        }
        int uid = number(user).orElseGet(() -> lookup(io.berth.engine.container.RootfsPaths.resolve(rootfs, "/etc/passwd"), user, 2)
                .orElseThrow(() -> new InvalidArgumentException("unable to convert uid/gid chown string to host mapping:"
                        + " can't find uid for user " + user + ": no such user: " + user)));
        int gid = number(group).orElseGet(() -> lookup(io.berth.engine.container.RootfsPaths.resolve(rootfs, "/etc/group"), group, 2)
                .orElseThrow(() -> new InvalidArgumentException("unable to convert uid/gid chown string to host mapping:"
                        + " can't find gid for group " + group + ": no such group: " + group)));
        return new Ownership(uid, gid);
    }

    private static Optional<Integer> number(String s) {
        if (!s.matches("\\d{1,10}")) {
            return Optional.empty();
        }
        return Optional.of((int) Long.parseLong(s));
    }

    /** The numeric field {@code column} of the line whose first field is {@code name}. */
    private static Optional<Integer> lookup(Path file, String name, int column) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":", -1);
                if (fields.length > column && fields[0].equals(name)) {
                    return number(fields[column]);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
