package io.berth.store.overlay;

import io.berth.common.InvalidArgumentException;
import io.berth.common.linux.Linux;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a layer tar into a directory for overlayfs: owners, full modes, times, links, device
 * nodes and extended attributes are kept; OCI whiteouts become overlayfs whiteouts
 * ({@code .wh.NAME} → a 0/0 character device, {@code .wh..wh..opq} → {@code trusted.overlay.opaque=y}).
 * No entry may write outside the directory or through a symbolic link.
 */
final class TarUnpacker {
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int S_IFCHR = 0x2000;
    private static final int S_IFBLK = 0x6000;
    private static final int S_IFIFO = 0x1000;

    private final Path root;
    private final List<Runnable> directoryTimes = new ArrayList<>();

    TarUnpacker(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Returns the number of bytes of regular files written. */
    long unpack(InputStream in) throws IOException {
        long size = 0;
        // the stream is not closed here: the caller still reads the tar's trailing padding through it
        var tar = new TarArchiveInputStream(new NonClosing(in), StandardCharsets.UTF_8.name());
        TarArchiveEntry entry;
        while ((entry = next(tar)) != null) {
            String relative = clean(entry.getName());
            if (relative.indexOf('\0') >= 0 || entry.getLinkName().indexOf('\0') >= 0) {
                throw new InvalidArgumentException("invalid layer: entry name with a NUL byte");
            }
            if (relative.isEmpty()) {
                applyMetadata(root, entry);
                continue;
            }
            Path target = root.resolve(relative).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new InvalidArgumentException("invalid layer: entry " + entry.getName() + " is outside of the layer");
            }
            Path parent = target.getParent();
            ensureDirectory(parent);
            String base = target.getFileName().toString();
            if (base.equals(OPAQUE)) {
                Linux.lsetxattr(parent.toString(), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
                continue;
            }
            if (base.startsWith(WHITEOUT_PREFIX)) {
                String name = base.substring(WHITEOUT_PREFIX.length());
                if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                    // ".wh.." would remove the directory itself, ".wh..." its parent: the layer's own parent at the top
                    throw new InvalidArgumentException("invalid layer: whiteout " + entry.getName() + " names no file");
                }
                Path hidden = parent.resolve(name);
                removeExisting(hidden);
                Linux.mknod(hidden.toString(), S_IFCHR, 0);
                continue;
            }
            if (entry.isDirectory()) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(target);
                }
                Files.createDirectories(target);
                applyMetadata(target, entry);
                continue;
            }
            removeExisting(target);
            if (entry.isSymbolicLink()) {
                Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                Linux.lchown(target.toString(), (int) entry.getLongUserId(), (int) entry.getLongGroupId());
            } else if (entry.isLink()) {
                String linkRelative = clean(entry.getLinkName());
                Path existing = root.resolve(linkRelative).normalize();
                if (!existing.startsWith(root) || linkRelative.isEmpty()) {
                    throw new InvalidArgumentException("invalid layer: hard link " + entry.getName() + " points outside");
                }
                ensureNoSymlinkAncestors(existing);
                Files.createLink(target, existing);
            } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                int type = entry.isCharacterDevice() ? S_IFCHR : entry.isBlockDevice() ? S_IFBLK : S_IFIFO;
                Linux.mknod(target.toString(), type | (entry.getMode() & 07777),
                        Linux.makedev(entry.getDevMajor(), entry.getDevMinor()));
                applyMetadata(target, entry);
            } else {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    size += tar.transferTo(out);
                }
                applyMetadata(target, entry);
            }
        }
        for (int i = directoryTimes.size() - 1; i >= 0; i--) {
            directoryTimes.get(i).run();
        }
        return size;
    }

    /** The next entry; a header the tar reader cannot make sense of (bad sizes, bad pax records) is an invalid layer. */
    private static TarArchiveEntry next(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            throw new InvalidArgumentException("invalid layer: bad tar header: " + e.getMessage());
        }
    }

    private void applyMetadata(Path target, TarArchiveEntry entry) throws IOException {
        String path = target.toString();
        Linux.lchown(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
        Linux.chmod(path, entry.getMode() & 07777);
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            if (header.getKey().startsWith("SCHILY.xattr.")) {
                String name = header.getKey().substring("SCHILY.xattr.".length());
                if (name.startsWith("trusted.overlay.")) {
                    continue; // overlayfs' own attributes (opaque, redirect, origin) come from whiteouts only
                }
                Linux.lsetxattr(path, name, header.getValue().getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        FileTime time = FileTime.from(entry.getModTime().toInstant());
        if (entry.isDirectory()) {
            directoryTimes.add(() -> setTime(target, time));
        } else {
            setTime(target, time);
        }
    }

    private static void setTime(Path target, FileTime time) {
        try {
            Files.setLastModifiedTime(target, time);
        } catch (IOException ignored) {
            // times are cosmetic
        }
    }

    private void ensureDirectory(Path dir) throws IOException {
        ensureNoSymlinkAncestors(dir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
        }
    }

    /** Refuses a path whose existing components below the root include a symbolic link. */
    private void ensureNoSymlinkAncestors(Path path) {
        Path current = root;
        for (Path part : root.relativize(path)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new InvalidArgumentException("invalid layer: " + root.relativize(path)
                        + " goes through a symbolic link");
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
        }
    }

    private static void removeExisting(Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            io.berth.common.AtomicFiles.deleteTree(target);
        } else {
            Files.deleteIfExists(target);
        }
    }

    /** Strips leading "./" and "/" and a trailing "/". */
    static String clean(String name) {
        String s = name;
        while (s.startsWith("./") || s.startsWith("/")) {
            s = s.startsWith("./") ? s.substring(2) : s.substring(1);
        }
        if (s.equals(".")) {
            return "";
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
