package io.berth.store.overlay;

import io.berth.common.AtomicFiles;
import io.berth.common.Digest;
import io.berth.common.Ids;
import io.berth.common.InternalException;
import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Linux;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.util.List;
import java.util.Optional;

/** Unpacked image layers and container layers on overlayfs; see the package documentation. */
public final class LayerStore {
    private static final System.Logger LOG = System.getLogger(LayerStore.class.getName());

    private final Path root;

    public LayerStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
            try (var entries = Files.list(root)) {
                for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                    AtomicFiles.deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new InternalException("creating layer store at " + root, e);
        }
    }

    /** An unpacked layer: its chain ID, the digest of its uncompressed tar (diff ID) and its size. */
    public record Layer(Digest chainId, Digest diffId, long size) {}

    /** The chain ID of a layer: its diff ID at the bottom, else sha256("parent diffID"). */
    public static Digest chainId(Optional<Digest> parentChain, Digest diffId) {
        return parentChain
                .map(p -> Digest.sha256((p + " " + diffId).getBytes(StandardCharsets.UTF_8)))
                .orElse(diffId);
    }

    public boolean exists(Digest chainId) {
        return Files.isDirectory(layerDir(chainId).resolve("diff"));
    }

    public Path diffDir(Digest chainId) {
        return layerDir(chainId).resolve("diff");
    }

    /**
     * Unpacks an uncompressed layer tar on top of {@code parent}. The diff ID is computed from the
     * bytes read; if the resulting chain already exists, the new copy is discarded.
     */
    public Layer unpack(Optional<Digest> parent, InputStream uncompressedTar) {
        Path temp = root.resolve(".tmp-" + Ids.random().substring(0, 16));
        try {
            Files.createDirectories(temp.resolve("diff"));
            var sha = Digest.newSha256();
            long size;
            try (var hashing = new DigestInputStream(uncompressedTar, sha)) {
                size = new TarUnpacker(temp.resolve("diff")).unpack(hashing);
                hashing.transferTo(java.io.OutputStream.nullOutputStream()); // the tar's trailing padding
            }
            Digest diffId = Digest.ofSha256(sha);
            Digest chain = chainId(parent, diffId);
            Path target = layerDir(chain);
            if (Files.isDirectory(target.resolve("diff"))) {
                AtomicFiles.deleteTree(temp);
                return new Layer(chain, diffId, readSize(target));
            }
            Files.writeString(temp.resolve("size"), Long.toString(size));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(root);
            return new Layer(chain, diffId, size);
        } catch (IOException | ErrnoException e) {
            AtomicFiles.deleteTree(temp);
            throw new InternalException("unpacking layer: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            AtomicFiles.deleteTree(temp);
            throw e;
        }
    }

    public long size(Digest chainId) {
        return readSize(layerDir(chainId));
    }

    /**
     * The chain IDs of the unpacked image layers (directories with a {@code size} file and no
     * {@code work} directory: container layers, also named by 64 hex digits, have one).
     */
    public List<Digest> layerChains() {
        try (var entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))
                    .filter(p -> Files.isRegularFile(p.resolve("size")) && !Files.exists(p.resolve("work")))
                    .map(p -> Digest.parse("sha256:" + p.getFileName())).toList();
        } catch (IOException e) {
            throw new InternalException("listing layers", e);
        }
    }

    public void removeLayer(Digest chainId) {
        AtomicFiles.deleteTree(layerDir(chainId));
    }

    private static long readSize(Path layerDir) {
        try {
            return Long.parseLong(Files.readString(layerDir.resolve("size")).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private Path layerDir(Digest chainId) {
        return root.resolve(chainId.encoded());
    }

    /**
     * Mounts the image made of {@code lowerChains} (bottom first) read-only at {@code target}, for
     * a build to look into; with no layers nothing is mounted and {@code target} stays empty.
     * {@code spare} is an empty directory (overlayfs wants two lower layers when there is no upper one).
     */
    public void mountReadOnly(Path target, List<Digest> lowerChains, Path spare) {
        if (lowerChains.isEmpty()) {
            return;
        }
        var lower = new StringBuilder();
        for (int i = lowerChains.size() - 1; i >= 0; i--) {
            if (!lower.isEmpty()) {
                lower.append(':');
            }
            lower.append(diffDir(lowerChains.get(i)));
        }
        if (lowerChains.size() == 1) {
            lower.append(':').append(spare);
        }
        try {
            Linux.mount("overlay", target.toString(), "overlay", Linux.MS_RDONLY, "lowerdir=" + lower);
        } catch (ErrnoException e) {
            throw new InternalException("mounting an image read-only at " + target + ": " + e.getMessage(), e);
        }
    }

    /** Unmounts what {@link #mountReadOnly} mounted (nothing if nothing is mounted there). */
    public static void unmountPath(Path target) {
        if (!io.berth.common.linux.MountInfo.isMountPoint(target)) {
            return;
        }
        try {
            Linux.umount(target.toString(), 0);
        } catch (ErrnoException e) {
            Linux.umount(target.toString(), Linux.MNT_DETACH);
        }
    }

    // --- container layers -------------------------------------------------------------------

    public Path containerDir(String containerId) {
        return root.resolve(containerId);
    }

    /** Creates the writable layer of a container (not yet mounted). */
    public void createContainerLayer(String containerId) {
        Path dir = containerDir(containerId);
        try {
            Files.createDirectories(dir.resolve("diff"));
            Files.createDirectories(dir.resolve("work"));
            Files.createDirectories(dir.resolve("merged"));
        } catch (IOException e) {
            throw new InternalException("creating container layer " + containerId, e);
        }
    }

    /**
     * Mounts the container's root filesystem: its writable layer over the image's layers
     * ({@code lowerChains} from the bottom layer up). Returns the mount point. Idempotent.
     */
    public Path mount(String containerId, List<Digest> lowerChains) {
        Path dir = containerDir(containerId);
        Path merged = dir.resolve("merged");
        if (io.berth.common.linux.MountInfo.isMountPoint(merged)) {
            return merged;
        }
        var lower = new StringBuilder();
        for (int i = lowerChains.size() - 1; i >= 0; i--) {
            if (!lower.isEmpty()) {
                lower.append(':');
            }
            lower.append(diffDir(lowerChains.get(i)));
        }
        if (lowerChains.isEmpty()) {
            // overlayfs needs a lower layer: an empty one for images built FROM scratch with no layers
            Path empty = dir.resolve("empty");
            try {
                Files.createDirectories(empty);
            } catch (IOException e) {
                throw new InternalException("creating empty lower layer", e);
            }
            lower.append(empty);
        }
        String options = "lowerdir=" + lower + ",upperdir=" + dir.resolve("diff") + ",workdir=" + dir.resolve("work");
        try {
            Linux.mount("overlay", merged.toString(), "overlay", 0, options);
        } catch (ErrnoException e) {
            throw new InternalException("mounting the root filesystem of " + containerId + ": " + e.getMessage(), e);
        }
        return merged;
    }

    /** Unmounts the container's root filesystem if it is mounted. */
    public void unmount(String containerId) {
        Path merged = containerDir(containerId).resolve("merged");
        if (!io.berth.common.linux.MountInfo.isMountPoint(merged)) {
            return;
        }
        try {
            Linux.umount(merged.toString(), 0);
        } catch (ErrnoException e) {
            if (e.errno() == Linux.EBUSY) {
                LOG.log(System.Logger.Level.WARNING, "root filesystem busy, detaching id={0}", containerId);
                Linux.umount(merged.toString(), Linux.MNT_DETACH);
            } else if (e.errno() != Linux.EINVAL) {
                throw new InternalException("unmounting the root filesystem of " + containerId, e);
            }
        }
    }

    public void removeContainerLayer(String containerId) {
        unmount(containerId);
        AtomicFiles.deleteTree(containerDir(containerId));
    }

    /** Bytes in the container's writable layer ({@code SizeRw}). */
    public long containerLayerSize(String containerId) {
        return io.berth.common.DiskUsage.of(containerDir(containerId).resolve("diff"));
    }
}
