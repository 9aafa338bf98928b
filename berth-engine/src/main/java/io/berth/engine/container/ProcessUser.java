package io.berth.engine.container;

import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The container process's identity from {@code --user} ({@code name}, {@code uid}, {@code name:group},
 * {@code uid:gid}) and the image's {@code /etc/passwd} and {@code /etc/group}, as Docker resolves
 * it: supplementary groups from {@code /etc/group} plus {@code --group-add}, and a home directory.
 */
public record ProcessUser(long uid, long gid, List<Long> additionalGids, String home) {

    public static ProcessUser resolve(Path rootfs, String user, List<String> groupAdd) {
        String spec = user == null || user.isEmpty() ? "0" : user;
        String userPart = spec;
        Optional<String> groupPart = Optional.empty();
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            userPart = spec.substring(0, colon);
            groupPart = Optional.of(spec.substring(colon + 1));
        }
        List<String[]> passwd = read(rootfs, "/etc/passwd");
        List<String[]> groups = read(rootfs, "/etc/group");

        long uid;
        long gid = 0;
        String home = "/";
        String userName = null;
        String[] entry = find(passwd, userPart);
        if (entry != null) {
            uid = parse(entry[2]);
            gid = parse(entry[3]);
            home = entry.length > 5 && !entry[5].isEmpty() ? entry[5] : "/";
            userName = entry[0];
        } else if (userPart.matches("\\d+")) {
            uid = Long.parseLong(userPart);
        } else {
            throw new InvalidArgumentException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        if (groupPart.isPresent()) {
            String[] group = find(groups, groupPart.get());
            if (group != null) {
                gid = parse(group[2]);
            } else if (groupPart.get().matches("\\d+")) {
                gid = Long.parseLong(groupPart.get());
            } else {
                throw new InvalidArgumentException("unable to find group " + groupPart.get()
                        + ": no matching entries in group file");
            }
        }
        var additional = new LinkedHashSet<Long>();
        if (userName != null && groupPart.isEmpty()) {
            for (String[] group : groups) {
                if (group.length > 3 && List.of(group[3].split(",")).contains(userName)) {
                    additional.add(parse(group[2]));
                }
            }
        }
        for (String add : groupAdd == null ? List.<String>of() : groupAdd) {
            String[] group = find(groups, add);
            if (group != null) {
                additional.add(parse(group[2]));
            } else if (add.matches("\\d+")) {
                additional.add(Long.parseLong(add));
            } else {
                throw new InvalidArgumentException("unable to find group " + add + ": no matching entries in group file");
            }
        }
        additional.remove(gid);
        return new ProcessUser(uid, gid, new ArrayList<>(additional), home);
    }

    private static String[] find(List<String[]> entries, String nameOrId) {
        for (String[] e : entries) {
            if (e.length > 2 && e[0].equals(nameOrId)) {
                return e;
            }
        }
        if (nameOrId.matches("\\d+")) {
            for (String[] e : entries) {
                if (e.length > 2 && e[2].equals(nameOrId)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static List<String[]> read(Path rootfs, String file) {
        Path path = RootfsPaths.resolve(rootfs, file);
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        try {
            var out = new ArrayList<String[]>();
            for (String line : Files.readAllLines(path)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split(":", -1));
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
