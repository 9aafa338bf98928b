package io.berth.engine.build;

import io.berth.common.InternalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The layer of a {@code COPY} or {@code ADD}: a tar whose entries put the sources at their
 * targets (absolute paths in the image, already resolved through the image's symbolic links).
 * Directories on the way that the image has keep their owner, mode and time (so {@code /tmp}
 * stays 1777); new ones are 0755 and belong to the {@code --chown} owner. Files keep their mode
 * (or get {@code --chmod}) and time, and belong to the {@code --chown} owner or root. Archives
 * that {@code ADD} unpacks keep the owners inside them.
 */
final class CopyLayer implements AutoCloseable {
    private final Path rootfs;
    private final Ownership owner;
    private final boolean preserveOwners;
    private final Optional<Integer> chmod;
    private final TarArchiveOutputStream tar;
    private final Set<String> written = new HashSet<>();
    private final long now = Instant.now().toEpochMilli();
    private int entries;

    CopyLayer(Path rootfs, Ownership owner, Optional<Integer> chmod, OutputStream out) {
        this(rootfs, owner, false, chmod, out);
    }

    /** With {@code preserveOwners} (COPY --from without --chown), copied files keep their owners. */
    CopyLayer(Path rootfs, Ownership owner, boolean preserveOwners, Optional<Integer> chmod, OutputStream out) {
        this.rootfs = rootfs;
        this.owner = owner;
        this.preserveOwners = preserveOwners;
        this.chmod = chmod;
        this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    int entries() {
        return entries;
    }

    /** A file, symbolic link or directory tree from disk at {@code target} (a directory's contents go inside it). */
    void add(Path source, String target) throws IOException {
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            directory(source, target);
            return;
        }
        parents(target);
        single(source, target);
    }

    /** Just a directory (WORKDIR), with its parents. */
    void addDirectoryOnly(String target) throws IOException {
        ensureDirectory(target, Optional.empty());
    }

    /** Bytes as a new file (a here-document). */
    void addBytes(byte[] content, String target, int mode) throws IOException {
        parents(target);
        var entry = new TarArchiveEntry(rel(target), TarConstants.LF_NORMAL);
        entry.setMode(0100000 | chmod.orElse(mode));
        entry.setUserId(owner.uid());
        entry.setGroupId(owner.gid());
        entry.setModTime(now);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
        entries++;
    }

    /** The entries of a (decompressed) tar archive under the directory {@code targetDir}, owners kept. */
    void addArchive(InputStream archive, String targetDir) throws IOException {
        ensureDirectory(targetDir, Optional.empty());
        var in = new TarArchiveInputStream(archive, StandardCharsets.UTF_8.name());
        TarArchiveEntry source;
        while ((source = in.getNextEntry()) != null) {
            String name = BuildContext.clean(source.getName());
            if (name.isEmpty() || name.equals("..") || name.startsWith("../")) {
                continue;
            }
            String target = join(targetDir, name);
            parents(target);
            var entry = new TarArchiveEntry(rel(target) + (source.isDirectory() ? "/" : ""), source.isDirectory()
                    ? TarConstants.LF_DIR : linkFlag(source));
            entry.setMode(source.getMode());
            entry.setUserId(source.getLongUserId());
            entry.setGroupId(source.getLongGroupId());
            entry.setModTime(source.getModTime());
            if (source.isSymbolicLink()) {
                entry.setLinkName(source.getLinkName());
            } else if (source.isLink()) {
                String linked = BuildContext.clean(source.getLinkName());
                entry.setLinkName(rel(join(targetDir, linked)));
            } else if (source.isCharacterDevice() || source.isBlockDevice()) {
                entry.setDevMajor(source.getDevMajor());
                entry.setDevMinor(source.getDevMinor());
            } else if (source.isFile()) {
                entry.setSize(source.getSize());
            }
            for (Map.Entry<String, String> pax : source.getExtraPaxHeaders().entrySet()) {
                if (pax.getKey().startsWith("SCHILY.xattr.")) {
                    entry.addPaxHeader(pax.getKey(), pax.getValue());
                }
            }
            tar.putArchiveEntry(entry);
            if (source.isFile() && !source.isLink()) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
            written.add(target);
            entries++;
        }
    }

    private static byte linkFlag(TarArchiveEntry source) {
        if (source.isSymbolicLink()) {
            return TarConstants.LF_SYMLINK;
        }
        if (source.isLink()) {
            return TarConstants.LF_LINK;
        }
        if (source.isCharacterDevice()) {
            return TarConstants.LF_CHR;
        }
        if (source.isBlockDevice()) {
            return TarConstants.LF_BLK;
        }
        if (source.isFIFO()) {
            return TarConstants.LF_FIFO;
        }
        return TarConstants.LF_NORMAL;
    }

    private void directory(Path source, String target) throws IOException {
        ensureDirectory(target, Optional.of(source));
        List<Path> children;
        try (Stream<Path> list = Files.list(source)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String childTarget = join(target, child.getFileName().toString());
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                directory(child, childTarget);
            } else {
                single(child, childTarget);
            }
        }
    }

    private void single(Path source, String target) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(source, "unix:mode,uid,gid,lastModifiedTime,size",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) attrs.get("mode") & 07777;
        long time = ((FileTime) attrs.get("lastModifiedTime")).toMillis();
        TarArchiveEntry entry;
        boolean symlink = Files.isSymbolicLink(source);
        if (symlink) {
            entry = new TarArchiveEntry(rel(target), TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(source).toString());
            entry.setMode(0120777);
        } else {
            entry = new TarArchiveEntry(rel(target), TarConstants.LF_NORMAL);
            entry.setMode(0100000 | chmod.orElse(mode));
            entry.setSize((Long) attrs.get("size"));
        }
        entry.setUserId(preserveOwners ? (Integer) attrs.get("uid") : owner.uid());
        entry.setGroupId(preserveOwners ? (Integer) attrs.get("gid") : owner.gid());
        entry.setModTime(time);
        tar.putArchiveEntry(entry);
        if (!symlink) {
            Files.copy(source, tar);
        }
        tar.closeArchiveEntry();
        written.add(target);
        entries++;
    }

    /** The target directory itself: the image's if it has one, else a new one like the source directory. */
    private void ensureDirectory(String target, Optional<Path> like) throws IOException {
        parents(target);
        if (written.contains(target) || target.equals("/")) {
            return;
        }
        Path existing = rootfs.resolve(rel(target));
        if (Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
            existingDirectory(target, existing);
            return;
        }
        int mode = 0755;
        long time = now;
        Ownership dirOwner = owner;
        if (like.isPresent()) {
            Map<String, Object> attrs = Files.readAttributes(like.get(), "unix:mode,uid,gid,lastModifiedTime");
            mode = (Integer) attrs.get("mode") & 07777;
            time = ((FileTime) attrs.get("lastModifiedTime")).toMillis();
            if (preserveOwners) {
                dirOwner = new Ownership((Integer) attrs.get("uid"), (Integer) attrs.get("gid"));
            }
        }
        newDirectory(target, chmod.orElse(mode), time, dirOwner);
    }

    /** Every directory above {@code target}, from the top. */
    private void parents(String target) throws IOException {
        String parent = parentOf(target);
        if (parent.equals("/") || written.contains(parent)) {
            return;
        }
        parents(parent);
        Path existing = rootfs.resolve(rel(parent));
        if (Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
            existingDirectory(parent, existing);
        } else {
            newDirectory(parent, 0755, now, owner);
        }
    }

    private void existingDirectory(String target, Path existing) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(existing, "unix:mode,uid,gid,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        var entry = new TarArchiveEntry(rel(target) + "/", TarConstants.LF_DIR);
        entry.setMode(040000 | ((Integer) attrs.get("mode") & 07777));
        entry.setUserId((Integer) attrs.get("uid"));
        entry.setGroupId((Integer) attrs.get("gid"));
        entry.setModTime(((FileTime) attrs.get("lastModifiedTime")).toMillis());
        put(target, entry);
    }

    private void newDirectory(String target, int mode, long time, Ownership dirOwner) throws IOException {
        var entry = new TarArchiveEntry(rel(target) + "/", TarConstants.LF_DIR);
        entry.setMode(040000 | mode);
        entry.setUserId(dirOwner.uid());
        entry.setGroupId(dirOwner.gid());
        entry.setModTime(time);
        put(target, entry);
    }

    private void put(String target, TarArchiveEntry entry) throws IOException {
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        written.add(target);
        entries++;
    }

    static String parentOf(String target) {
        int slash = target.lastIndexOf('/');
        return slash <= 0 ? "/" : target.substring(0, slash);
    }

    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static String rel(String target) {
        return target.startsWith("/") ? target.substring(1) : target;
    }

    @Override
    public void close() {
        try {
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new InternalException("writing a layer: " + e.getMessage(), e);
        }
    }
}
