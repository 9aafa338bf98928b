package io.berth.engine.build;

import io.berth.build.dockerfile.DockerIgnore;
import io.berth.common.AtomicFiles;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.fs.SlashPaths;
import io.berth.common.linux.Linux;
import io.berth.engine.container.RootfsPaths;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A build context unpacked into {@code <work>/context}: the request body as a tar (plain, gzip,
 * bzip2 or xz), or, when the body is not a tar, the Dockerfile itself with an empty context (as
 * {@code docker build - < Dockerfile} sends it). Entries may not leave the context; what
 * {@code .dockerignore} excludes is removed after the Dockerfile has been read.
 */
final class BuildContext {
    private final Path root;
    private final byte[] dockerfile;
    private final String dockerfileName;
    private final DockerIgnore ignore;

    private BuildContext(Path root, byte[] dockerfile, String dockerfileName, DockerIgnore ignore) {
        this.root = root;
        this.dockerfile = dockerfile;
        this.dockerfileName = dockerfileName;
        this.ignore = ignore;
    }

    Path root() {
        return root;
    }

    byte[] dockerfile() {
        return dockerfile;
    }

    String dockerfileName() {
        return dockerfileName;
    }

    DockerIgnore ignore() {
        return ignore;
    }

    static BuildContext extract(InputStream body, String dockerfileName, Path workDir) {
        Path root = workDir.resolve("context");
        try {
            Files.createDirectories(root);
            InputStream in = decompressed(new BufferedInputStream(body, 65536));
            in.mark(512);
            byte[] head = in.readNBytes(512);
            in.reset();
            if (head.length == 0) {
                throw new InvalidArgumentException("Cannot locate specified Dockerfile: " + displayName(dockerfileName));
            }
            if (!TarArchiveInputStream.matches(head, head.length)) {
                // not an archive: the body is the Dockerfile
                byte[] text = in.readAllBytes();
                return new BuildContext(root, text, "Dockerfile", DockerIgnore.none());
            }
            untar(in, root);
        } catch (IOException e) {
            throw new InvalidArgumentException("reading the build context failed: " + e.getMessage(), e);
        }
        return fromRoot(root, dockerfileName);
    }

    /** A context already unpacked in {@code root} (a tar, a git checkout): finds the Dockerfile, applies .dockerignore. */
    static BuildContext fromRoot(Path contextRoot, String dockerfileName) {
        // symbolic links are followed inside the context only (as the container's root): a Dockerfile
        // or .dockerignore linked to /etc/shadow must not be read from the host
        Path root = contextRoot.toAbsolutePath().normalize();
        String name = clean(dockerfileName.isEmpty() ? "Dockerfile" : dockerfileName);
        Path file = name.equals("..") || name.startsWith("../") ? null : RootfsPaths.resolve(root, "/" + name);
        if (file == null || !Files.isRegularFile(file)) {
            Path lower = RootfsPaths.resolve(root, "/dockerfile");
            if (name.equals("Dockerfile") && Files.isRegularFile(lower)) {
                file = lower;
            } else {
                throw new InvalidArgumentException("Cannot locate specified Dockerfile: " + displayName(dockerfileName));
            }
        }
        try {
            byte[] text = Files.readAllBytes(file);
            Path ignoreFile = RootfsPaths.resolve(root, "/.dockerignore");
            DockerIgnore ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.parse(Files.readAllBytes(ignoreFile))
                    : DockerIgnore.none();
            if (!ignore.isEmpty()) {
                removeExcluded(root, ignore);
            }
            return new BuildContext(root, text, root.relativize(file).toString(), ignore);
        } catch (IOException e) {
            throw new InternalException("reading the Dockerfile: " + e.getMessage(), e);
        }
    }

    private static String displayName(String name) {
        return name.isEmpty() ? "Dockerfile" : name;
    }

    /** Gzip, bzip2 and xz are told by their first bytes, as Docker does. */
    static InputStream decompressed(BufferedInputStream in) throws IOException {
        in.mark(6);
        byte[] m = in.readNBytes(6);
        in.reset();
        if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
            return new BufferedInputStream(GzipCompressorInputStream.builder().setInputStream(in)
                    .setDecompressConcatenated(true).get(), 65536);
        }
        if (m.length >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
            return new BufferedInputStream(new BZip2CompressorInputStream(in, true), 65536);
        }
        if (m.length >= 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z'
                && m[5] == 0) {
            return new BufferedInputStream(new XZCompressorInputStream(in, true), 65536);
        }
        if (m.length >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f
                && (m[3] & 0xff) == 0xfd) {
            throw new InvalidArgumentException("the build context is zstd-compressed, which is not supported:"
                    + " send it plain or compressed with gzip, bzip2 or xz");
        }
        return in;
    }

    private static void untar(InputStream in, Path root) throws IOException {
        var tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        var directoryTimes = new ArrayList<Runnable>();
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = clean(entry.getName());
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("..") || name.startsWith("../")) {
                throw new InvalidArgumentException("invalid build context: " + entry.getName() + " is outside of it");
            }
            Path target = root.resolve(name);
            ensureInside(root, target.getParent());
            Files.createDirectories(target.getParent());
            if (entry.isDirectory()) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(target);
                    Files.createDirectory(target);
                }
                int mode = entry.getMode() & 07777;
                FileTime time = FileTime.from(entry.getModTime().toInstant());
                directoryTimes.add(() -> {
                    Linux.chmod(target.toString(), mode);
                    setTime(target, time);
                });
                continue;
            }
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.deleteTree(target);
            } else {
                Files.deleteIfExists(target);
            }
            if (entry.isSymbolicLink()) {
                Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            } else if (entry.isLink()) {
                Path existing = root.resolve(clean(entry.getLinkName())).normalize();
                if (!existing.startsWith(root)) {
                    throw new InvalidArgumentException("invalid build context: " + entry.getName() + " links outside of it");
                }
                Files.createLink(target, existing);
            } else if (entry.isFile()) {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    tar.transferTo(out);
                }
                Linux.chmod(target.toString(), entry.getMode() & 07777);
                setTime(target, FileTime.from(entry.getModTime().toInstant()));
            }
            // devices and FIFOs have no place in a build context
        }
        for (int i = directoryTimes.size() - 1; i >= 0; i--) {
            directoryTimes.get(i).run();
        }
    }

    /** No directory on the way to an entry may be a symbolic link (or the entry could land outside). */
    private static void ensureInside(Path root, Path dir) {
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new InvalidArgumentException("invalid build context: " + root.relativize(dir)
                        + " goes through a symbolic link");
            }
        }
    }

    private static void setTime(Path target, FileTime time) {
        try {
            Files.setLastModifiedTime(target, time);
        } catch (IOException ignored) {
            // times only matter for the layer's looks
        }
    }

    /** Removes what {@code .dockerignore} excludes (a directory stays when an exception is inside it). */
    private static void removeExcluded(Path root, DockerIgnore ignore) throws IOException {
        List<Path> doomed = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                String rel = root.relativize(dir).toString();
                if (ignore.excludes(rel) && !ignore.hasExceptionsUnder(rel)) {
                    doomed.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = root.relativize(file).toString();
                if (ignore.excludes(rel)) {
                    doomed.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path p : doomed) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A context-relative path without leading {@code /} or {@code ./}, {@code .} and {@code ..} resolved. */
    static String clean(String path) {
        return SlashPaths.cleanRelative(path);
    }
}
