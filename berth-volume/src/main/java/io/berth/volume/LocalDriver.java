package io.berth.volume;

import io.berth.common.AtomicFiles;
import io.berth.common.DiskUsage;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Linux;
import io.berth.common.linux.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Docker's {@code local} volume driver: a volume is the directory {@code <root>/<name>/_data};
 * with options ({@code type}, {@code device}, {@code o}) that directory is a mount point while a
 * container uses the volume, as {@code mount -t TYPE -o O DEVICE <root>/<name>/_data} would make it.
 * Nothing here keeps state besides the files: the engine records the volumes and counts their users.
 */
public final class LocalDriver {
    public static final String NAME = "local";
    /** Docker's {@code RestrictedNameChars}. */
    public static final String NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
    private static final Pattern VALID_NAME = Pattern.compile(NAME_CHARS + "+");
    private static final Set<String> VALID_OPTIONS = Set.of("type", "o", "device", "size");

    private final Path root;

    public LocalDriver(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new InternalException("creating " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** Where the volume's data lives (and where it is mounted when it has options). */
    public Path dataPath(String name) {
        return root.resolve(name).resolve("_data");
    }

    /** Docker's name check for local volumes (the name becomes a directory). */
    public static void validateName(String name) {
        if (name.length() == 1) {
            throw new InvalidArgumentException("volume name is too short, names should be at least two alphanumeric "
                    + "characters");
        }
        if (!VALID_NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("\"" + name + "\" includes invalid characters for a local volume name, "
                    + "only \"" + NAME_CHARS + "\" are allowed. If you intended to pass a host directory, use absolute "
                    + "path");
        }
    }

    /** Docker's option check: known keys only, {@code type} and {@code device} together, {@code o} with both. */
    public static void validateOptions(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!VALID_OPTIONS.contains(key)) {
                throw new InvalidArgumentException("invalid option: \"" + key + "\"");
            }
        }
        if (options.containsKey("size")) {
            long size = MountOptions.bytes(options.get("size"));
            if (size > 0) {
                throw new InvalidArgumentException("quota size requested but no quota support");
            }
        }
        for (var rule : List.of(List.of("device", "type"), List.of("type", "device"), List.of("o", "device", "type"))) {
            if (options.containsKey(rule.getFirst())) {
                for (String required : rule.subList(1, rule.size())) {
                    if (!options.containsKey(required)) {
                        throw new InvalidArgumentException("missing required option: \"" + required + "\"");
                    }
                }
            }
        }
    }

    /** Creates the volume's directories (idempotent). */
    public Path create(String name) {
        Path data = dataPath(name);
        try {
            Files.createDirectories(root.resolve(name));
            if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(data);
                Linux.chmod(data.toString(), 0755);
            }
            return data;
        } catch (IOException e) {
            throw new InternalException("creating volume " + name + ": " + e.getMessage(), e);
        }
    }

    /** True when the volume's directory carries a mount ({@code type}/{@code device} options). */
    public static boolean needsMount(Map<String, String> options) {
        return !options.getOrDefault("type", "").isEmpty() || !options.getOrDefault("device", "").isEmpty();
    }

    /** Mounts what the options describe over the volume's directory, unless it is mounted already. */
    public void mount(String name, Map<String, String> options) {
        Path data = create(name);
        if (MountInfo.isMountPoint(data)) {
            return;
        }
        var parsed = MountOptions.parse(options.getOrDefault("o", ""));
        String device = options.getOrDefault("device", "");
        String type = options.getOrDefault("type", "");
        try {
            long flags = parsed.bind() ? parsed.flags() & ~Linux.MS_RDONLY : parsed.flags();
            Linux.mount(device, data.toString(), type, flags, parsed.data().isEmpty() ? null : parsed.data());
            if (parsed.bind() && (parsed.flags() & Linux.MS_RDONLY) != 0) {
                // a bind mount takes its read-only flag only on a remount
                Linux.mount("", data.toString(), "", Linux.MS_REMOUNT | Linux.MS_BIND | Linux.MS_RDONLY, null);
            }
        } catch (ErrnoException e) {
            throw new InternalException("failed to mount local volume: mount " + device + ":" + data + ", flags: 0x"
                    + Long.toHexString(parsed.flags()) + ", data: " + redact(parsed.data()) + ": "
                    + e.getMessage().substring(e.getMessage().lastIndexOf(':') + 2), e);
        }
    }

    /** Unmounts the volume's directory if something is mounted there. */
    public void unmount(String name) {
        Path data = dataPath(name);
        if (!MountInfo.isMountPoint(data)) {
            return;
        }
        try {
            Linux.umount(data.toString(), 0);
        } catch (ErrnoException e) {
            try {
                Linux.umount(data.toString(), Linux.MNT_DETACH);
            } catch (ErrnoException again) {
                throw new InternalException("unmounting volume " + name + ": " + again.getMessage(), again);
            }
        }
    }

    /**
     * Removes the volume and its data. Its directory is unmounted first, so that the files of a
     * mounted device or bound host directory are never deleted.
     */
    public void remove(String name) {
        unmount(name);
        Path dir = root.resolve(name);
        if (MountInfo.isMountPoint(dataPath(name))) {
            throw new InternalException("volume " + name + " is still mounted at " + dataPath(name));
        }
        AtomicFiles.deleteTree(dir);
    }

    /** Bytes used by the volume's files (as {@code du}, not following links nor crossing mounts). */
    public long size(String name) {
        return DiskUsage.of(dataPath(name));
    }

    /** Whether the volume holds no file at all (copy-up only fills an empty volume). */
    public boolean isEmpty(String name) {
        try (var entries = Files.list(dataPath(name))) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static String redact(String data) {
        return data.replaceAll("password=[^,]*", "password=********");
    }
}
