package io.berth.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A directory of trees being deleted. A tree moves in with one rename, so it is gone from where it
 * was at once, and is deleted on a thread of its own; what a stop of the daemon left in the trash
 * is deleted when it opens the trash again. The trash must be on the file system of what it takes
 * (a tree it cannot move in is deleted where it is, before {@link #discard} returns).
 */
public final class Trash {
    private static final System.Logger LOG = System.getLogger(Trash.class.getName());

    private final Path dir;
    private final AtomicLong sequence = new AtomicLong();
    private final Set<CompletableFuture<Void>> deleting = ConcurrentHashMap.newKeySet();

    /** Opens (creates) the trash at {@code dir} and starts deleting what an earlier daemon left in it. */
    public Trash(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            try (var left = Files.list(dir)) {
                left.forEach(this::deleteInBackground);
            }
        } catch (IOException e) {
            throw new InternalException("opening the trash at " + dir, e);
        }
    }

    /** Takes {@code tree} (a file or a directory; nothing if absent) and deletes it in the background. */
    public void discard(Path tree) {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path target = dir.resolve(tree.getFileName() + "." + sequence.incrementAndGet());
        try {
            Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            AtomicFiles.deleteTree(tree);
            return;
        }
        deleteInBackground(target);
    }

    /** Waits until what was discarded so far is deleted. */
    public void drain() {
        CompletableFuture.allOf(deleting.toArray(CompletableFuture[]::new)).join();
    }

    private void deleteInBackground(Path target) {
        var done = new CompletableFuture<Void>();
        deleting.add(done);
        Thread.ofVirtual().name("trash").start(() -> {
            try {
                AtomicFiles.deleteTree(target);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "emptying the trash: {0}", e.getMessage());
            } finally {
                deleting.remove(done);
                done.complete(null);
            }
        });
    }
}
