package io.berth.common.fs;

import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Fd;
import io.berth.common.linux.Linux;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a tar archive into a directory of a {@link RootedFs}, with the rules of Docker's
 * {@code Unpack}: an existing file is replaced, an existing directory merged with a directory
 * entry; missing parents are made (0755); an entry, hard link or relative symbolic link that
 * would land outside the destination is refused with Docker's words; directory times are set
 * last. Every parent is resolved inside the root (as if chrooted there) and every entry is made
 * with an {@code *at} call that follows no link, so the archive, or whoever changes the tree
 * meanwhile, cannot make it write anywhere else.
 */
public final class TreeUntar {
    /** How owners are set: from the archive, to one owner, or not at all (an unprivileged client). */
    public sealed interface Owners {
        record FromArchive() implements Owners {}
        record Fixed(int uid, int gid) implements Owners {}
        record Unchanged() implements Owners {}
    }

    /**
     * @param noOverwriteDirNonDir refuse to replace a directory by a non-directory and the reverse
     * @param owners               who owns what is extracted
     * @param beforeWrite          called with each directory about to be changed (read-only checks)
     */
    public record Options(boolean noOverwriteDirNonDir, Owners owners, RootedFs.BeforeCreate beforeWrite,
                          java.util.function.UnaryOperator<String> rename) {
        public Options(boolean noOverwriteDirNonDir, Owners owners, RootedFs.BeforeCreate beforeWrite) {
            this(noOverwriteDirNonDir, owners, beforeWrite, java.util.function.UnaryOperator.identity());
        }
    }

    /**
     * Docker's {@code RebaseArchiveEntries}: the first {@code oldBase} in each name (and hard link
     * target) becomes {@code newBase}; an {@code oldBase} of {@code /} means a prefix.
     */
    public static java.util.function.UnaryOperator<String> rebase(String oldBase, String newBase) {
        String from = oldBase.equals("/") ? "" : oldBase;
        return name -> {
            int at = name.indexOf(from);
            return at < 0 ? name : name.substring(0, at) + newBase + name.substring(at + from.length());
        };
    }

    private record DirTime(String parent, String name, Instant atime, Instant mtime) {}

    private final RootedFs fs;
    private final String dest;
    private final Options options;
    private final List<DirTime> dirTimes = new ArrayList<>();

    private TreeUntar(RootedFs fs, String dest, Options options) {
        this.fs = fs;
        this.dest = dest;
        this.options = options;
    }

    /**
     * Extracts {@code in} into the directory {@code dest} (a resolved path inside the root). Errors
     * in the archive are {@link InvalidArgumentException}s; conflicts with what is there are
     * {@link InternalException}s, as Docker's are (500).
     */
    public static void extract(RootedFs fs, String dest, InputStream in, Options options) throws IOException {
        new TreeUntar(fs, dest, options).run(in);
    }

    private void run(InputStream in) throws IOException {
        var tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        TarArchiveEntry entry;
        while ((entry = nextEntry(tar)) != null) {
            String name = clean(options.rename().apply(entry.getName()));
            String path = name.isEmpty() ? dest : RootedFs.join(dest, name);
            if (name.equals("..") || name.startsWith("../")) {
                throw new InvalidArgumentException(quote(entry.getName()) + " is outside of " + quote(dest));
            }
            if (name.isEmpty()) {
                continue; // the destination itself: already there
            }
            String parentPath = RootedFs.parentOf(path);
            String base = path.substring(path.lastIndexOf('/') + 1);
            try (RootedFs.Node parent = fs.resolveDirectoryCreating(parentPath, 0755, options.beforeWrite())) {
                one(tar, entry, parent, base, path);
            } catch (ErrnoException e) {
                throw new InternalException(e.getMessage(), e);
            }
        }
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            DirTime t = dirTimes.get(i);
            try (RootedFs.Node parent = fs.resolve(t.parent(), true)) {
                parent.fd().utimes(t.name(), t.atime(), t.mtime());
            } catch (ErrnoException e) {
                // the directory went away meanwhile: times are cosmetic
            }
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArgumentException("unexpected EOF or invalid tar archive: " + e.getMessage(), e);
        }
    }

    private void one(TarArchiveInputStream tar, TarArchiveEntry entry, RootedFs.Node parent, String base, String path)
            throws IOException {
        boolean wantDir = entry.isDirectory();
        Optional<RootedFs.Node> existing = fs.childIfExists(parent, base);
        if (existing.isPresent()) {
            try (RootedFs.Node old = existing.get()) {
                boolean oldDir = old.stat().isDirectory();
                if (options.noOverwriteDirNonDir() && oldDir && !wantDir) {
                    throw new InternalException("cannot overwrite directory " + quote(path) + " with non-directory "
                            + quote(dest));
                }
                if (options.noOverwriteDirNonDir() && !oldDir && wantDir) {
                    throw new InternalException("cannot overwrite non-directory " + quote(path) + " with directory "
                            + quote(dest));
                }
                if (oldDir && wantDir) {
                    options.beforeWrite().check(old);
                    metadata(entry, old, parent, base);
                    return;
                }
                if (fs.isMountPoint(old.path())) {
                    throw new InternalException("cannot replace " + quote(path) + ": it is a mount point");
                }
            }
            options.beforeWrite().check(parent);
            parent.fd().removeAll(base);
        }
        options.beforeWrite().check(parent);
        Fd dir = parent.fd();
        if (wantDir) {
            dir.mkdir(base, 0700).close();
        } else if (entry.isSymbolicLink()) {
            String target = entry.getLinkName();
            String resolved = SlashPaths.clean("/" + RootedFs.join(RootedFs.parentOf(path), target.startsWith("/")
                    ? target.substring(1) : target));
            if (!target.startsWith("/") && !within(resolved, dest)) {
                throw new InvalidArgumentException("invalid symlink " + quote(path) + " -> " + quote(target));
            }
            dir.symlink(base, target);
        } else if (entry.isLink()) {
            String target = SlashPaths.clean("/" + RootedFs.join(dest, clean(options.rename().apply(entry.getLinkName()))));
            if (!within(target, dest) || target.equals(dest)) {
                throw new InvalidArgumentException("invalid hardlink " + quote(target) + " -> "
                        + quote(entry.getLinkName()));
            }
            String targetBase = target.substring(target.lastIndexOf('/') + 1);
            try (RootedFs.Node targetDir = fs.resolve(RootedFs.parentOf(target), true)) {
                dir.link(base, targetDir.fd(), targetBase);
            }
            return; // a hard link shares the metadata of its target
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            int type = entry.isCharacterDevice() ? Fd.S_IFCHR : entry.isBlockDevice() ? Fd.S_IFBLK : Fd.S_IFIFO;
            dir.mknod(base, type | 0600, Linux.makedev(entry.getDevMajor(), entry.getDevMinor()));
        } else if (entry.isFile()) {
            try (OutputStream out = dir.create(base, 0600)) {
                tar.transferTo(out);
            }
        } else {
            return; // nothing Docker makes either (a GNU volume label, say)
        }
        try (RootedFs.Node created = fs.child(parent, base)) {
            metadata(entry, created, parent, base);
        }
    }

    private void metadata(TarArchiveEntry entry, RootedFs.Node node, RootedFs.Node parent, String base) {
        switch (options.owners()) {
            case Owners.FromArchive _ -> parent.fd().chown(base, (int) entry.getLongUserId(),
                    (int) entry.getLongGroupId());
            case Owners.Fixed fixed -> parent.fd().chown(base, fixed.uid(), fixed.gid());
            case Owners.Unchanged _ -> { }
        }
        if (!node.stat().isSymlink()) {
            for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
                if (header.getKey().startsWith("SCHILY.xattr.")) {
                    try {
                        node.fd().setxattr(header.getKey().substring("SCHILY.xattr.".length()),
                                header.getValue().getBytes(StandardCharsets.ISO_8859_1));
                    } catch (ErrnoException e) {
                        // as Docker: attributes the file system refuses are left out
                    }
                }
            }
            node.fd().chmod(entry.getMode() & 07777);
        }
        Instant mtime = entry.getModTime().toInstant();
        Instant atime = entry.getLastAccessTime() != null ? entry.getLastAccessTime().toInstant() : mtime;
        if (atime.isBefore(mtime)) {
            atime = mtime;
        }
        if (node.stat().isDirectory()) {
            dirTimes.add(new DirTime(parent.path(), base, atime, mtime));
        } else {
            parent.fd().utimes(base, atime, mtime);
        }
    }

    // --- names ------------------------------------------------------------------------------

    /** An entry name made relative and clean: {@code ./a//b/} → {@code a/b}; {@code /} or {@code .} → empty. */
    static String clean(String name) {
        if (name.startsWith("/")) {
            String cleaned = SlashPaths.clean("/" + name); // an absolute name cannot climb above the destination
            return cleaned.equals("/") ? "" : cleaned.substring(1);
        }
        return SlashPaths.cleanRelative(name);
    }

    static boolean within(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
    }

    /** Go's %q for the plain names these messages carry. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
