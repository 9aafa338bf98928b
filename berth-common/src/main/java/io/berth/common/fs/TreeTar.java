package io.berth.common.fs;

import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Fd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a tree of a {@link RootedFs} as a tar archive the way Docker's archiver does: PAX headers,
 * numeric owners, modification times in whole seconds, directories named with a trailing slash,
 * hard links after the first name of a file, {@code security.capability} kept, sockets left out.
 * Files are opened with {@link Fd#child} as the walk goes, so a tree changed meanwhile (a directory
 * swapped for a link) is archived as it then is, and nothing outside it is read.
 *
 * <p>With {@link Options#overlayWhiteouts} an overlayfs upper directory becomes an image layer:
 * a 0/0 character device becomes a {@code .wh.NAME} entry and an opaque directory gets a
 * {@code .wh..wh..opq} entry.
 */
public final class TreeTar {
    private static final String CAPABILITY = "security.capability";

    /**
     * @param overlayWhiteouts turn overlayfs whiteouts and opaque directories into OCI whiteouts
     * @param skip             paths (inside the root) to leave out, with everything below them
     */
    public record Options(boolean overlayWhiteouts, Predicate<String> skip) {
        public static Options plain() {
            return new Options(false, p -> false);
        }
    }

    private final RootedFs fs;
    private final Options options;
    private final TarArchiveOutputStream tar;
    private final Map<String, String> seenInodes = new HashMap<>();

    private TreeTar(RootedFs fs, Options options, OutputStream out) {
        this.fs = fs;
        this.options = options;
        this.tar = new TarArchiveOutputStream(new NonClosing(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /**
     * Archives {@code start} under the name {@code name} (a file, or a directory and everything
     * in it as {@code name/...}), as {@code GET /containers/{id}/archive} does. The stream is not closed.
     */
    public static void write(RootedFs fs, RootedFs.Node start, String name, OutputStream out) throws IOException {
        var writer = new TreeTar(fs, Options.plain(), out);
        writer.entry(start, name);
        writer.tar.finish();
        writer.tar.flush();
    }

    /** Archives what is in directory {@code dir}, named relative to it ({@code bin/}, {@code bin/sh}). */
    public static void writeContents(RootedFs fs, RootedFs.Node dir, Options options, OutputStream out)
            throws IOException {
        var writer = new TreeTar(fs, options, out);
        writer.children(dir, "");
        writer.tar.finish();
        writer.tar.flush();
    }

    private void children(RootedFs.Node dir, String prefix) throws IOException {
        List<String> names;
        try {
            names = fs.list(dir);
        } catch (IOException e) {
            return; // gone meanwhile (the container removed it): archive what is there, as Docker does
        }
        boolean opaque = options.overlayWhiteouts() && dir.stat().isDirectory()
                && dir.fd().getxattr("trusted.overlay.opaque").map(v -> v.length == 1 && v[0] == 'y').orElse(false);
        if (opaque) {
            var marker = new TarArchiveEntry(prefix + ".wh..wh..opq", TarConstants.LF_NORMAL, true);
            marker.setModTime(dir.stat().mtime().getEpochSecond() * 1000);
            tar.putArchiveEntry(marker);
            tar.closeArchiveEntry();
        }
        for (String name : names) {
            String path = RootedFs.join(dir.path(), name);
            if (options.skip().test(path)) {
                continue;
            }
            Optional<RootedFs.Node> child;
            try {
                child = fs.childIfExists(dir, name);
            } catch (ErrnoException e) {
                continue;
            }
            if (child.isEmpty()) {
                continue;
            }
            try (RootedFs.Node node = child.get()) {
                entry(node, prefix + name);
            }
        }
    }

    private void entry(RootedFs.Node node, String name) throws IOException {
        Fd.Stat st = node.stat();
        if (options.overlayWhiteouts() && st.isWhiteout()) {
            int slash = name.lastIndexOf('/');
            String whiteout = name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1);
            var entry = new TarArchiveEntry(whiteout, TarConstants.LF_NORMAL, true);
            entry.setModTime(st.mtime().getEpochSecond() * 1000);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return;
        }
        TarArchiveEntry entry;
        switch (st.type()) {
            case Fd.S_IFDIR -> entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/",
                    TarConstants.LF_DIR, true);
            case Fd.S_IFLNK -> {
                entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                entry.setLinkName(node.fd().readlink());
            }
            case Fd.S_IFREG -> {
                String key = st.devMajor() + ":" + st.devMinor() + ":" + st.ino();
                String first = st.nlink() > 1 ? seenInodes.putIfAbsent(key, name) : null;
                if (first != null) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
                    entry.setLinkName(first);
                } else {
                    entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
                    entry.setSize(st.size());
                }
            }
            case Fd.S_IFCHR, Fd.S_IFBLK -> {
                entry = new TarArchiveEntry(name, st.type() == Fd.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK,
                        true);
                entry.setDevMajor(st.rdevMajor());
                entry.setDevMinor(st.rdevMinor());
            }
            case Fd.S_IFIFO -> entry = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
            default -> {
                return; // sockets cannot be archived
            }
        }
        entry.setMode(st.permissions());
        entry.setUserId(st.uid());
        entry.setGroupId(st.gid());
        entry.setModTime(st.mtime().getEpochSecond() * 1000);
        if (!st.isSymlink()) {
            node.fd().getxattr(CAPABILITY).ifPresent(value ->
                    entry.addPaxHeader("SCHILY.xattr." + CAPABILITY, new String(value, StandardCharsets.ISO_8859_1)));
        }
        tar.putArchiveEntry(entry);
        if (st.isRegular() && !entry.isLink() && st.size() > 0) {
            copyExactly(node.fd(), st.size());
        }
        tar.closeArchiveEntry();
        if (st.isDirectory()) {
            children(node, entry.getName());
        }
    }

    /** The file's first {@code size} bytes, padded with zeros if it shrank meanwhile (the header is written). */
    private void copyExactly(Fd file, long size) throws IOException {
        long left = size;
        byte[] buffer = new byte[65536];
        try (InputStream in = file.read()) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                tar.write(buffer, 0, n);
                left -= n;
            }
        }
        java.util.Arrays.fill(buffer, (byte) 0);
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            tar.write(buffer, 0, n);
            left -= n;
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
