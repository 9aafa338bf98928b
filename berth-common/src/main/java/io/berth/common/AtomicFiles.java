package io.berth.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Crash-safe file writes: temp file, fsync, rename over the target, fsync of the directory. */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().threadId());
        try {
            try (var channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                var buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the original failure is what matters
            }
            throw new InternalException("writing " + target, e);
        }
    }

    /**
     * Replaces a file without fsync: for files rebuilt at every container start ({@code config.json},
     * {@code hosts}); a crash leaves the old or the new content, never a torn file.
     */
    public static void replace(Path target, byte[] content) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + Thread.currentThread().threadId());
        try {
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the original failure is what matters
            }
            throw new InternalException("writing " + target, e);
        }
    }

    /** Moves a finished file into place and makes the rename durable. */
    public static void commit(Path finished, Path target) {
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new InternalException("renaming " + finished + " to " + target, e);
        }
    }

    public static void syncDirectory(Path dir) {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("syncing directory " + dir, e);
        }
    }

    /** Removes a directory tree without following symbolic links; absent is fine. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            var paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new InternalException("removing " + root, e);
        }
    }
}
