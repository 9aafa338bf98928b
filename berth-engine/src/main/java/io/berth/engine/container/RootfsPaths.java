package io.berth.engine.container;

import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves a path inside a container's root filesystem as the container would see it: symbolic
 * links are followed relative to the root (an absolute link target means the root, {@code ..}
 * never climbs above it), so the result is always inside {@code rootfs}.
 */
public final class RootfsPaths {
    private static final int MAX_LINKS = 40;

    private RootfsPaths() {}

    public static Path resolve(Path rootfs, String containerPath) {
        Path root = rootfs.toAbsolutePath().normalize();
        Path current = root;
        var pending = new java.util.ArrayDeque<String>();
        push(pending, containerPath);
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!current.equals(root)) {
                    current = current.getParent();
                }
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new InvalidArgumentException("too many levels of symbolic links: " + containerPath);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    throw new InvalidArgumentException("cannot read link " + containerPath + ": " + e.getMessage());
                }
                if (target.startsWith("/")) {
                    current = root;
                }
                push(pending, target);
                continue;
            }
            current = next;
        }
        return current;
    }

    private static void push(java.util.ArrayDeque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.addFirst(parts[i]);
        }
    }

    static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }
}
