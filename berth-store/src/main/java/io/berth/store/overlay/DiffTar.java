package io.berth.store.overlay;

import io.berth.common.InternalException;
import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Linux;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes an overlayfs upper directory (a container's changes) as an OCI layer tar: overlay
 * whiteouts (0/0 character devices) become {@code .wh.NAME} entries and opaque directories
 * ({@code trusted.overlay.opaque=y}) get a {@code .wh..wh..opq} entry; owners, modes, times,
 * links, devices and {@code security.capability} are kept; entries come in name order so the
 * same tree gives the same tar. Paths for which {@code skip} answers true (relative, no leading
 * slash) are left out, and so are directories that then hold nothing and that {@code lowerHas}
 * says already exist below (copy-ups made only for what was skipped).
 */
public final class DiffTar {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    private final Path root;
    private final Predicate<String> skip;
    private final Predicate<String> lowerHas;
    private final Map<Long, String> inodes = new HashMap<>();

    private DiffTar(Path root, Predicate<String> skip, Predicate<String> lowerHas) {
        this.root = root;
        this.skip = skip;
        this.lowerHas = lowerHas;
    }

    /** Writes the tar of {@code upperDir} to {@code out}; returns the number of entries written. */
    public static int write(Path upperDir, OutputStream out, Predicate<String> skip, Predicate<String> lowerHas) {
        var tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        try {
            int count = new DiffTar(upperDir, skip, lowerHas).directory(tar, upperDir, "");
            tar.finish();
            tar.flush();
            return count;
        } catch (IOException e) {
            throw new InternalException("writing the layer of " + upperDir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the children of {@code dir}; returns how many entries were written for them. */
    private int directory(TarArchiveOutputStream tar, Path dir, String prefix) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = new ArrayList<>(list.sorted().toList());
        }
        int count = 0;
        for (Path child : children) {
            String name = prefix + child.getFileName().toString();
            if (skip.test(name)) {
                continue;
            }
            Map<String, Object> attrs = Files.readAttributes(child, "unix:mode,uid,gid,rdev,ino,nlink,size,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) attrs.get("mode");
            int type = mode & S_IFMT;
            long rdev = (Long) attrs.get("rdev");
            if (type == S_IFCHR && rdev == 0) {
                var whiteout = new TarArchiveEntry(prefix + ".wh." + child.getFileName(), TarConstants.LF_NORMAL);
                whiteout.setModTime(((FileTime) attrs.get("lastModifiedTime")).toMillis());
                whiteout.setMode(0100000);
                tar.putArchiveEntry(whiteout);
                tar.closeArchiveEntry();
                count++;
                continue;
            }
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                boolean opaque = isOpaque(child);
                var entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
                fill(entry, attrs);
                capability(entry, child);
                if (!opaque && lowerHas.test(name) && !contributes(child, name + "/") && hasSkipped(child, name + "/")) {
                    continue; // a copy-up made only for what was skipped
                }
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
                count++;
                if (opaque) {
                    var marker = new TarArchiveEntry(name + "/.wh..wh..opq", TarConstants.LF_NORMAL);
                    marker.setMode(0100000);
                    marker.setModTime(entry.getModTime());
                    tar.putArchiveEntry(marker);
                    tar.closeArchiveEntry();
                    count++;
                }
                count += directory(tar, child, name + "/");
                continue;
            }
            count += file(tar, child, name, attrs, type, rdev);
        }
        return count;
    }

    /** Whether anything under {@code dir} would be written. */
    private boolean contributes(Path dir, String prefix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            for (Path child : list.toList()) {
                String name = prefix + child.getFileName().toString();
                if (skip.test(name)) {
                    continue;
                }
                if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) || isOpaque(child) || !lowerHas.test(name)
                        || contributes(child, name + "/") || !hasSkipped(child, name + "/")) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean hasSkipped(Path dir, String prefix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            for (Path child : list.toList()) {
                String name = prefix + child.getFileName().toString();
                if (skip.test(name)) {
                    return true;
                }
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && hasSkipped(child, name + "/")) {
                    return true;
                }
            }
        }
        return false;
    }

    private int file(TarArchiveOutputStream tar, Path child, String name, Map<String, Object> attrs, int type, long rdev)
            throws IOException {
        TarArchiveEntry entry;
        boolean content = false;
        if (Files.isSymbolicLink(child)) {
            entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(child).toString());
        } else if (type == S_IFCHR || type == S_IFBLK || type == S_IFIFO) {
            entry = new TarArchiveEntry(name, type == S_IFCHR ? TarConstants.LF_CHR
                    : type == S_IFBLK ? TarConstants.LF_BLK : TarConstants.LF_FIFO);
            entry.setDevMajor((int) ((rdev >>> 8) & 0xfff));
            entry.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & 0xfff00)));
        } else {
            long inode = (Long) attrs.get("ino");
            int links = (Integer) attrs.get("nlink");
            String first = links > 1 ? inodes.putIfAbsent(inode, name) : null;
            if (first != null) {
                entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                entry.setLinkName(first);
            } else {
                entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                entry.setSize((Long) attrs.get("size"));
                content = true;
            }
        }
        fill(entry, attrs);
        if (!entry.isSymbolicLink()) {
            capability(entry, child);
        }
        tar.putArchiveEntry(entry);
        if (content) {
            Files.copy(child, tar);
        }
        tar.closeArchiveEntry();
        return 1;
    }

    private static void fill(TarArchiveEntry entry, Map<String, Object> attrs) {
        int mode = (Integer) attrs.get("mode");
        entry.setMode((mode & S_IFMT) | (mode & 07777));
        entry.setUserId((Integer) attrs.get("uid"));
        entry.setGroupId((Integer) attrs.get("gid"));
        entry.setModTime(((FileTime) attrs.get("lastModifiedTime")).toMillis());
    }

    private static void capability(TarArchiveEntry entry, Path path) {
        try {
            byte[] value = Linux.lgetxattr(path.toString(), "security.capability");
            if (value != null && value.length > 0) {
                entry.addPaxHeader("SCHILY.xattr.security.capability", new String(value, StandardCharsets.ISO_8859_1));
            }
        } catch (ErrnoException e) {
            // no capability set
        }
    }

    private static boolean isOpaque(Path dir) {
        try {
            byte[] value = Linux.lgetxattr(dir.toString(), "trusted.overlay.opaque");
            return value != null && value.length == 1 && value[0] == 'y';
        } catch (ErrnoException e) {
            return false;
        }
    }
}
