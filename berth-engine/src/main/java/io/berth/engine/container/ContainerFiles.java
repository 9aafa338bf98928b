package io.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.ArchiveOptions;
import io.berth.api.model.CommitOptions;
import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerPathStat;
import io.berth.api.model.FilesystemChange;
import io.berth.common.Digest;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.common.Timestamps;
import io.berth.common.fs.RootedFs;
import io.berth.common.fs.SlashPaths;
import io.berth.common.fs.TreeTar;
import io.berth.common.fs.TreeUntar;
import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Fd;
import io.berth.engine.image.ImageService;
import io.berth.engine.volume.VolumeService;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.LayerBlob;
import io.berth.image.archive.ConfigChanges;
import io.berth.image.oci.ImageConfigFile;
import io.berth.image.oci.MediaTypes;
import io.berth.image.ref.ImageRef;
import io.berth.store.content.ContentStore;
import io.berth.store.overlay.LayerChanges;
import io.berth.store.overlay.LayerStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Files in and out of containers: {@code HEAD/GET/PUT /containers/{id}/archive} ({@code docker cp}),
 * {@code export}, {@code changes} ({@code docker diff}) and {@code POST /commit}.
 *
 * <p>The container's files are reached through {@link RootedFs}: its root filesystem (mounted for
 * the time of the operation if the container is not running) with its volumes, binds and
 * {@code /etc/hosts}, {@code /etc/hostname}, {@code /etc/resolv.conf} spliced in where the runtime
 * mounts them, as Docker's daemon mounts them for {@code cp}. Every path is resolved as inside a
 * chroot, one component at a time with no link followed by the kernel, so a container cannot make
 * Berth read or write a file of the host (CVE-2018-15664), however it races.
 *
 * <p>Lock: a container's lock is held only to mount or unmount its root filesystem, never while
 * files are copied; {@code leases} counts the operations that need the mount.
 */
public final class ContainerFiles {
    /** Mount points the runtime makes in the writable layer; Docker keeps them in its init layer, out of diff and commit. */
    private static final Set<String> RUNTIME_MOUNT_POINTS = Set.of("/dev", "/proc", "/sys", "/etc/hosts",
            "/etc/hostname", "/etc/resolv.conf", "/etc/mtab", "/.dockerenv");
    private static final List<String> ETC_FILES = List.of("hostname", "hosts", "resolv.conf");

    private final ContainerService containers;
    private final ImageService images;
    private final LayerStore layers;
    private final VolumeService volumes;
    private final Map<String, Integer> leases = new HashMap<>();

    public ContainerFiles(ContainerService containers, ImageService images, LayerStore layers, VolumeService volumes) {
        this.containers = containers;
        this.images = images;
        this.layers = layers;
        this.volumes = volumes;
    }

    // --- cp -----------------------------------------------------------------------------------

    /** {@code HEAD /containers/{id}/archive?path=}. */
    public ContainerPathStat stat(String ref, String path) {
        var entry = containers.entry(ref);
        try (var view = open(entry, true)) {
            String absPath = absolute(path);
            try (RootedFs.Node node = view.fs.resolve(absPath, false)) {
                return pathStat(view.fs, node, absPath);
            } catch (ErrnoException e) {
                throw notFound(e, path, ref);
            }
        }
    }

    /** What {@link #archive} hands the route: the stat for the header, then the tar. */
    public interface Archive {
        ContainerPathStat stat();

        /** Writes the tar and releases the container's files (also when it fails). */
        void writeTo(OutputStream out) throws IOException;

        /** Releases the container's files without writing (the request went away). */
        void discard();
    }

    /** {@code GET /containers/{id}/archive?path=}: checked now, written by {@link Archive#writeTo}. */
    public Archive archive(String ref, String path) {
        var entry = containers.entry(ref);
        View view = open(entry, true);
        try {
            String absPath = absolute(path);
            RootedFs.Node node;
            try {
                node = view.fs.resolve(absPath, false);
            } catch (ErrnoException e) {
                throw notFound(e, path, ref);
            }
            ContainerPathStat stat;
            try {
                stat = pathStat(view.fs, node, absPath);
            } catch (RuntimeException e) {
                node.close();
                throw e;
            }
            containers.publishEvent(entry.container, "archive-path", Map.of());
            return new Archive() {
                @Override
                public ContainerPathStat stat() {
                    return stat;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    try (node; view) {
                        TreeTar.write(view.fs, node, stat.name(), out);
                    }
                }

                @Override
                public void discard() {
                    node.close();
                    view.close();
                }
            };
        } catch (RuntimeException e) {
            view.close();
            throw e;
        }
    }

    /** {@code PUT /containers/{id}/archive?path=}: extracts a tar (plain, gzip, bzip2, xz or zstd) into a directory. */
    public void extract(String ref, ArchiveOptions options, InputStream tar) {
        var entry = containers.entry(ref);
        Container c = entry.container;
        boolean readonlyRoot = Boolean.TRUE.equals(c.hostConfig().readonlyRootfs());
        try (var view = open(entry, true)) {
            String absPath = absolute(options.path());
            RootedFs.Node dest;
            try {
                dest = view.fs.resolve(absPath, true);
            } catch (ErrnoException e) {
                throw notFound(e, options.path(), ref);
            }
            try (dest) {
                if (!dest.stat().isDirectory()) {
                    throw new InvalidArgumentException("extraction point is not a directory");
                }
                RootedFs.BeforeCreate writable = dir -> {
                    if (dir.mount().isPresent() ? !dir.mount().get().writable() : readonlyRoot) {
                        throw new InvalidArgumentException(dir.mount().isPresent()
                                ? "mounted volume is marked read-only" : "container rootfs is marked read-only");
                    }
                };
                writable.check(dest);
                TreeUntar.Owners owners = new TreeUntar.Owners.FromArchive();
                if (options.copyUIDGID() && c.config().user() != null && !c.config().user().isEmpty()) {
                    var user = containerUser(view.fs, c.config().user());
                    owners = new TreeUntar.Owners.Fixed((int) user.uid(), (int) user.gid());
                }
                TreeUntar.extract(view.fs, dest.path(), decompressed(tar),
                        new TreeUntar.Options(options.noOverwriteDirNonDir(), owners, writable));
            } catch (IOException e) {
                throw new InternalException("extracting into " + options.path() + ": " + e.getMessage(), e);
            }
        }
        containers.publishEvent(c, "extract-to-dir", Map.of());
    }

    // --- export, diff, commit -----------------------------------------------------------------

    /** {@code GET /containers/{id}/export}: the root filesystem without volumes, as Docker exports it. */
    public Archive export(String ref) {
        var entry = containers.entry(ref);
        View view = open(entry, false);
        containers.publishEvent(entry.container, "export", Map.of());
        return new Archive() {
            @Override
            public ContainerPathStat stat() {
                return null;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (view; RootedFs.Node root = view.fs.root()) {
                    TreeTar.writeContents(view.fs, root, TreeTar.Options.plain(), out);
                }
            }

            @Override
            public void discard() {
                view.close();
            }
        };
    }

    /** {@code GET /containers/{id}/changes}: what the container changed, from its writable layer. */
    public List<FilesystemChange> changes(String ref) {
        Container c = containers.entry(ref).container;
        List<Path> lowers = lowerDirs(c);
        var changes = LayerChanges.of(upperDir(c), lowers, path -> isRuntimeMountPoint(lowers, path));
        var out = new ArrayList<FilesystemChange>();
        for (var change : changes) {
            out.add(FilesystemChange.builder().path(change.path()).kind((long) change.kind().code).build());
        }
        return out;
    }

    /** {@code POST /commit}: a new image of the container's image plus a layer of what it changed. */
    public String commit(CommitOptions options) {
        var entry = containers.entry(options.container());
        Container c = entry.container;
        Optional<ImageRef> target = Optional.empty();
        if (options.repo().isPresent() && !options.repo().get().isEmpty()) {
            String tag = options.tag().filter(t -> !t.isEmpty()).orElse("latest");
            ImageRef ref = ImageRef.parse(options.repo().get() + ":" + tag);
            if (ref.digest().isPresent()) {
                throw new InvalidArgumentException("refusing to create a tag with a digest reference");
            }
            target = Optional.of(ref);
        } // a tag without a repository is ignored, as Docker's RepoTagReference ignores it
        // the request's config, its gaps filled from the container's, then the Dockerfile changes
        JsonNode merged = mergeConfig(options.config(), c.config());
        ObjectNode config = ConfigChanges.apply(merged, options.changes());

        ImageRecord base = images.store().byId(c.imageId()).orElseThrow(() -> NotFoundException.image(c.imageId()));
        ImageConfigFile baseConfig = images.configFile(base);
        var runtime = containers.runtimeOf(c);
        boolean paused = false;
        if (options.pause() && c.runState() instanceof RunState.Running) {
            runtime.pause(c.id());
            paused = true;
        }
        ContentStore content = images.store().content();
        ContentStore.Written layer;
        try {
            layer = writeLayer(c, content);
        } finally {
            if (paused) {
                runtime.resume(c.id());
            }
        }
        boolean emptyLayer = layer.size() <= 1024; // the two zero blocks of an empty tar
        String created = Timestamps.now();
        var diffIds = new ArrayList<>(baseConfig.diffIds());
        var blobs = new ArrayList<LayerBlob>();
        for (var l : base.layers()) {
            blobs.add(new LayerBlob(Digest.parse(l.blobDigest()), l.mediaType(), l.blobSize()));
        }
        if (!emptyLayer) {
            diffIds.add(layer.digest().toString());
            blobs.add(new LayerBlob(layer.digest(), MediaTypes.DOCKER_LAYER, layer.size()));
        }
        var history = new ArrayList<ImageConfigFile.History>(baseConfig.history() == null ? List.of()
                : baseConfig.history());
        String author = options.author().filter(a -> !a.isEmpty()).orElse(null);
        String comment = options.comment().filter(m -> !m.isEmpty()).orElse(null);
        history.add(new ImageConfigFile.History(created, String.join(" ", commandOf(c)), author, comment,
                emptyLayer ? Boolean.TRUE : null));
        var file = new ImageConfigFile(baseConfig.architecture(), baseConfig.os(), baseConfig.variant(), created,
                author, config, new ImageConfigFile.RootFs("layers", diffIds), history, comment, c.id(),
                Json.mapper().valueToTree(c.config()), io.berth.api.model.DockerApi.ENGINE_VERSION);
        Digest configDigest = content.write(Json.writeBytes(file)).digest();
        ImageRecord image;
        try {
            image = images.store().add(configDigest, blobs, Optional.empty());
        } catch (RuntimeException e) {
            content.delete(configDigest);
            throw e;
        } finally {
            if (emptyLayer) {
                content.delete(layer.digest());
            }
        }
        target.ifPresent(ref -> images.store().tag(ref, image.id()));
        var attributes = new LinkedHashMap<String, String>();
        attributes.put("comment", comment == null ? "" : comment);
        attributes.put("imageID", image.id());
        attributes.put("imageRef", target.map(ImageRef::familiar).orElse(""));
        containers.publishEvent(c, "commit", attributes);
        return image.id();
    }

    private ContentStore.Written writeLayer(Container c, ContentStore content) {
        List<Path> lowers = lowerDirs(c);
        try (var upper = RootedFs.open(upperDir(c), List.of()); var root = upper.root();
             var pipeIn = new java.io.PipedInputStream(1 << 16)) {
            var pipeOut = new java.io.PipedOutputStream(pipeIn);
            var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            Thread writer = Thread.ofVirtual().name("commit-layer-" + c.shortId()).start(() -> {
                try (pipeOut) {
                    TreeTar.writeContents(upper, root, new TreeTar.Options(true,
                            path -> isRuntimeMountPoint(lowers, path)), pipeOut);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            ContentStore.Written written = content.write(pipeIn, Optional.empty());
            writer.join();
            if (failure.get() != null) {
                content.delete(written.digest());
                throw new InternalException("writing the layer of " + c.id() + ": " + failure.get().getMessage(),
                        failure.get());
            }
            return written;
        } catch (IOException e) {
            throw new InternalException("writing the layer of " + c.id() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while committing " + c.id(), e);
        }
    }

    private static List<String> commandOf(Container c) {
        var argv = new ArrayList<String>();
        argv.add(c.path());
        argv.addAll(c.args());
        return argv;
    }

    /**
     * Docker's merge for commit: without a config in the request the container's own is the
     * image's; with one, its empty fields are filled from the container's (environment, labels,
     * ports and volumes are merged key by key; the command only when no entrypoint is given).
     */
    static JsonNode mergeConfig(Optional<ContainerConfig> request, ContainerConfig container) {
        ObjectNode image = (ObjectNode) Json.mapper().valueToTree(container);
        if (request.isEmpty()) {
            return image;
        }
        ObjectNode user = (ObjectNode) Json.mapper().valueToTree(request.get());
        if (empty(user.get("User"))) {
            copy(image, user, "User");
        }
        mergeKeys(image, user, "ExposedPorts");
        if (empty(user.get("Env"))) {
            copy(image, user, "Env");
        } else {
            var env = (com.fasterxml.jackson.databind.node.ArrayNode) user.get("Env");
            var keys = new java.util.HashSet<String>();
            env.forEach(e -> keys.add(e.asText().split("=", 2)[0]));
            if (image.get("Env") != null && image.get("Env").isArray()) {
                image.get("Env").forEach(e -> {
                    if (!keys.contains(e.asText().split("=", 2)[0])) {
                        env.add(e);
                    }
                });
            }
        }
        mergeKeys(image, user, "Labels");
        if (empty(user.get("Entrypoint"))) {
            if (empty(user.get("Cmd"))) {
                copy(image, user, "Cmd");
            }
            if (user.get("Entrypoint") == null || user.get("Entrypoint").isNull()) {
                copy(image, user, "Entrypoint");
            }
        }
        if (empty(user.get("Healthcheck"))) {
            copy(image, user, "Healthcheck");
        }
        if (empty(user.get("WorkingDir"))) {
            copy(image, user, "WorkingDir");
        }
        mergeKeys(image, user, "Volumes");
        if (empty(user.get("StopSignal"))) {
            copy(image, user, "StopSignal");
        }
        return user;
    }

    private static boolean empty(JsonNode value) {
        return value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())
                || ((value.isArray() || value.isObject()) && value.isEmpty());
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(field, value.deepCopy());
        }
    }

    private static void mergeKeys(ObjectNode from, ObjectNode to, String field) {
        JsonNode source = from.get(field);
        if (source == null || !source.isObject()) {
            return;
        }
        if (empty(to.get(field))) {
            to.set(field, source.deepCopy());
            return;
        }
        ObjectNode target = (ObjectNode) to.get(field);
        source.properties().forEach(p -> {
            if (!target.has(p.getKey())) {
                target.set(p.getKey(), p.getValue().deepCopy());
            }
        });
    }

    // --- the container's files ----------------------------------------------------------------

    /** The container's files for one operation: its root mounted (held by a lease) and opened. */
    private final class View implements AutoCloseable {
        final ContainerIndex.Entry entry;
        final RootedFs fs;
        private final VolumeUse volumeUse;
        private boolean closed;

        View(ContainerIndex.Entry entry, RootedFs fs, VolumeUse volumeUse) {
            this.entry = entry;
            this.fs = fs;
            this.volumeUse = volumeUse;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                fs.close();
                volumeUse.close();
                release(entry);
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong VOLUME_USERS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The container's volumes made ready for one copy, as Docker mounts them for a stopped
     * container: a volume with options (a tmpfs, a device, a bind) is mounted while the copy runs
     * (a running container has it mounted already; this user only counts).
     */
    private final class VolumeUse implements AutoCloseable {
        private final String user = "cp-" + VOLUME_USERS.incrementAndGet();
        private final List<String> names = new ArrayList<>();

        VolumeUse(List<ContainerMount> mounts) {
            try {
                for (ContainerMount m : mounts) {
                    if (m.isVolume()) {
                        volumes.mount(m.name(), user);
                        names.add(m.name());
                    }
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            for (String name : names) {
                try {
                    volumes.unmount(name, user);
                } catch (RuntimeException e) {
                    System.getLogger(ContainerFiles.class.getName()).log(System.Logger.Level.WARNING,
                            "unmounting volume {0} after a copy: {1}", name, e.getMessage());
                }
            }
            names.clear();
        }
    }

    private View open(ContainerIndex.Entry entry, boolean withMounts) {
        Path rootfs = acquire(entry);
        VolumeUse volumeUse = null;
        try {
            Container c = entry.container;
            volumeUse = new VolumeUse(withMounts ? c.mountsOrEmpty() : List.of());
            var mounts = withMounts ? mounts(c) : List.<RootedFs.Mount>of();
            return new View(entry, RootedFs.open(rootfs, mounts), volumeUse);
        } catch (RuntimeException e) {
            if (volumeUse != null) {
                volumeUse.close();
            }
            release(entry);
            throw e;
        }
    }

    /** Volumes, binds and the runtime's /etc files, where they are mounted; tmpfs mounts have no source (as in Docker). */
    private List<RootedFs.Mount> mounts(Container c) {
        var out = new ArrayList<RootedFs.Mount>();
        var destinations = new java.util.HashSet<String>();
        for (ContainerMount m : c.mountsOrEmpty()) {
            destinations.add(m.destination());
            switch (m.type()) {
                case ContainerMount.VOLUME -> out.add(new RootedFs.Mount(m.destination(), volumes.dataPath(m.name()),
                        m.rw()));
                case ContainerMount.BIND -> {
                    if (Files.exists(Path.of(m.source()))) {
                        out.add(new RootedFs.Mount(m.destination(), Path.of(m.source()), m.rw()));
                    }
                }
                default -> { }
            }
        }
        boolean readonly = Boolean.TRUE.equals(c.hostConfig().readonlyRootfs());
        for (String file : ETC_FILES) {
            Path source = containers.bundleDir(c.id()).resolve(file);
            if (!destinations.contains("/etc/" + file) && Files.isRegularFile(source)) {
                out.add(new RootedFs.Mount("/etc/" + file, source, !readonly));
            }
        }
        return out;
    }

    /** Mounts the container's root filesystem if it is not (a stopped container) and counts the user. */
    private Path acquire(ContainerIndex.Entry entry) {
        entry.lock.lock();
        try {
            Container c = entry.container;
            ImageRecord image = images.store().byId(c.imageId()).orElseThrow(() -> NotFoundException.image(c.imageId()));
            Path merged = layers.mount(c.id(), ImageStore.chainIds(image));
            synchronized (leases) {
                leases.merge(c.id(), 1, Integer::sum);
            }
            return merged;
        } finally {
            entry.lock.unlock();
        }
    }

    /** The last user of a stopped container's root unmounts it; a running container keeps it. */
    private void release(ContainerIndex.Entry entry) {
        entry.lock.lock();
        try {
            Container c = entry.container;
            boolean last;
            synchronized (leases) {
                last = leases.merge(c.id(), -1, Integer::sum) <= 0;
                if (last) {
                    leases.remove(c.id());
                }
            }
            if (last && !c.runState().isRunning() && !entry.removed) {
                layers.unmount(c.id());
            }
        } finally {
            entry.lock.unlock();
        }
    }

    private Path upperDir(Container c) {
        return layers.containerDir(c.id()).resolve("diff");
    }

    /** The image's unpacked layers, top first. */
    private List<Path> lowerDirs(Container c) {
        ImageRecord image = images.store().byId(c.imageId()).orElseThrow(() -> NotFoundException.image(c.imageId()));
        var chains = ImageStore.chainIds(image);
        var out = new ArrayList<Path>();
        for (int i = chains.size() - 1; i >= 0; i--) {
            out.add(layers.diffDir(chains.get(i)));
        }
        return out;
    }

    /** A mount point the runtime made where the image had nothing (Docker's init layer has these). */
    private static boolean isRuntimeMountPoint(List<Path> lowers, String path) {
        return RUNTIME_MOUNT_POINTS.contains(path) && !LayerChanges.inLowers(lowers, path);
    }

    /** The container's user as its own /etc/passwd and /etc/group say, read inside the container. */
    private static ProcessUser containerUser(RootedFs fs, String user) throws IOException {
        Path scratch = Files.createTempDirectory("berth-user-");
        try {
            Files.createDirectories(scratch.resolve("etc"));
            for (String file : List.of("passwd", "group")) {
                try (RootedFs.Node node = fs.resolve("/etc/" + file, true); InputStream in = node.fd().read()) {
                    Files.write(scratch.resolve("etc").resolve(file), in.readNBytes(1 << 20));
                } catch (ErrnoException e) {
                    // no such file: numeric users only
                }
            }
            return ProcessUser.resolve(scratch, user, List.of());
        } finally {
            io.berth.common.AtomicFiles.deleteTree(scratch);
        }
    }

    // --- paths and stats ----------------------------------------------------------------------

    /** Docker's absPath: the path made absolute and clean, a trailing "/" or "/." kept. */
    static String absolute(String path) {
        String cleaned = SlashPaths.clean("/" + path);
        return preserveTrailingDotOrSeparator(cleaned, path);
    }

    static String preserveTrailingDotOrSeparator(String cleaned, String original) {
        String out = cleaned;
        if (!base(out).equals(".") && base(original).equals(".") && !original.isEmpty()) {
            if (!out.endsWith("/")) {
                out += "/";
            }
            out += ".";
        }
        if (!out.endsWith("/") && original.endsWith("/")) {
            out += "/";
        }
        return out;
    }

    /** Go's filepath.Base. */
    static String base(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static ContainerPathStat pathStat(RootedFs fs, RootedFs.Node node, String absPath) {
        Fd.Stat st = node.stat();
        String linkTarget = "";
        if (st.isSymlink()) {
            linkTarget = fs.canonical(absPath);
        }
        return new ContainerPathStat(base(absPath), st.size(), ContainerPathStat.goMode(st.mode()),
                Timestamps.rfc3339Nano(st.mtime()), linkTarget);
    }

    private static RuntimeException notFound(ErrnoException e, String path, String ref) {
        if (e.errno() == Fd.ENOENT) {
            return new NotFoundException("Could not find the file " + path + " in container " + ref);
        }
        if (e.errno() == Fd.ENOTDIR) {
            return new InvalidArgumentException("not a directory: " + path);
        }
        return new InternalException(e.getMessage(), e);
    }

    private static InputStream decompressed(InputStream in) throws IOException {
        var buffered = new BufferedInputStream(in, 65536);
        buffered.mark(6);
        byte[] magic = buffered.readNBytes(6);
        buffered.reset();
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(buffered);
        }
        if (magic.length == 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X'
                && magic[4] == 'Z' && magic[5] == 0) {
            return new org.apache.commons.compress.compressors.xz.XZCompressorInputStream(buffered, true);
        }
        return ImageStore.uncompressed(buffered);
    }
}
