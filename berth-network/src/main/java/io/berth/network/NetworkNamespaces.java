package io.berth.network;

import io.berth.common.Exec;
import io.berth.common.InternalException;
import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Linux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Network namespaces kept alive by a bind mount on a file, so that they outlive their processes. */
public final class NetworkNamespaces {
    private final Path dir;

    public NetworkNamespaces(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InternalException("creating " + dir, e);
        }
    }

    public Path path(String containerId) {
        return dir.resolve(containerId);
    }

    /** Creates a fresh namespace pinned at {@link #path}. */
    public Path create(String containerId) {
        Path file = path(containerId);
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new InternalException("creating " + file, e);
        }
        var result = Exec.run(List.of("/usr/bin/unshare", "--net=" + file, "/bin/true"), Duration.ofSeconds(10));
        if (!result.ok()) {
            remove(containerId);
            throw new InternalException("creating a network namespace: " + result.err().strip());
        }
        return file;
    }

    /** Unpins and deletes a namespace file; absent is fine. */
    public void remove(String containerId) {
        Path file = path(containerId);
        try {
            Linux.umount(file.toString(), Linux.MNT_DETACH);
        } catch (ErrnoException e) {
            // not mounted (never created, or already released)
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new InternalException("removing " + file, e);
        }
    }
}
