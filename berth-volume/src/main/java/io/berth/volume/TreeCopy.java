package io.berth.volume;

import io.berth.common.InternalException;
import io.berth.common.linux.Linux;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's copy-up: the content of an image directory copied into a new, empty volume, with owners,
 * modes (setuid, setgid, sticky included), times, symbolic links, hard links and device nodes as
 * they are. Symbolic links are copied as links, never followed; the copy stays on the source's
 * file system (a mount below the source is not entered).
 */
public final class TreeCopy {
    private static final int S_IFMT = 0xF000;
    private static final int S_IFIFO = 0x1000;
    private static final int S_IFCHR = 0x2000;
    private static final int S_IFBLK = 0x6000;

    private TreeCopy() {}

    /** Copies the content of {@code source} into {@code target} (an existing directory), then gives it source's owner and mode. */
    public static void copy(Path source, Path target) {
        try {
            var links = new HashMap<Object, Path>();
            var directories = new ArrayList<Path[]>();
            Object sourceDevice = Files.getAttribute(source, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path to = target.resolve(source.relativize(dir).toString());
                    if (!dir.equals(source)) {
                        if (!sourceDevice.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        Files.createDirectory(to);
                    }
                    directories.add(new Path[] {dir, to});
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    copyEntry(file, target.resolve(source.relativize(file).toString()), attrs, links);
                    return FileVisitResult.CONTINUE;
                }
            });
            // directories last, deepest first: their times would change as entries are added
            for (int i = directories.size() - 1; i >= 0; i--) {
                Path[] pair = directories.get(i);
                copyMetadata(pair[0], pair[1], false);
            }
        } catch (IOException | RuntimeException e) {
            throw new InternalException("copying " + source + " into the volume at " + target + ": " + e.getMessage(), e);
        }
    }

    private static void copyEntry(Path file, Path to, BasicFileAttributes attrs, Map<Object, Path> links)
            throws IOException {
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int nlink = (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        Object inode = attrs.fileKey();
        if (nlink > 1 && inode != null && !attrs.isDirectory()) {
            Path first = links.get(inode);
            if (first != null) {
                Files.createLink(to, first);
                return;
            }
            links.put(inode, to);
        }
        if (attrs.isSymbolicLink()) {
            Files.createSymbolicLink(to, Files.readSymbolicLink(file));
            copyMetadata(file, to, true);
            return;
        }
        if (attrs.isRegularFile()) {
            Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } else {
            int type = mode & S_IFMT;
            if (type != S_IFIFO && type != S_IFCHR && type != S_IFBLK) {
                return; // sockets are not copied
            }
            long rdev = (Long) Files.getAttribute(file, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            Linux.mknod(to.toString(), mode, rdev);
        }
        copyMetadata(file, to, false);
    }

    private static void copyMetadata(Path from, Path to, boolean link) throws IOException {
        int uid = (Integer) Files.getAttribute(from, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(from, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        Linux.lchown(to.toString(), uid, gid);
        if (link) {
            return;
        }
        int mode = (Integer) Files.getAttribute(from, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        Linux.chmod(to.toString(), mode & 07777);
        FileTime modified = Files.getLastModifiedTime(from, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(to, modified);
    }

    /** The entries of a directory, sorted, for tests. */
    static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
