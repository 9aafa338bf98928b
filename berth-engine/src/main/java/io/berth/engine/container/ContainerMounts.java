package io.berth.engine.container;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.HostConfig;
import io.berth.api.model.Mount;
import io.berth.api.model.MountPoint;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.fs.SlashPaths;
import io.berth.engine.volume.VolumeService;
import io.berth.runtime.oci.OciSpec;
import io.berth.common.linux.MountInfo;
import io.berth.volume.TreeCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A container's mounts through its life: planned at create (moby's {@code registerMountPoints}:
 * volumes-from, then binds, then {@code --mount}s, then the image's and {@code -v /path}'s anonymous
 * volumes where nothing else is mounted), filled from the image (copy-up), turned into OCI mounts
 * at each start, released at remove.
 */
final class ContainerMounts {
    private static final System.Logger LOG = System.getLogger(ContainerMounts.class.getName());
    private static final List<String> TMPFS_DEFAULTS = List.of("noexec", "nosuid", "nodev", "rprivate");

    private final VolumeService volumes;
    private final Predicate<String> exists;

    ContainerMounts(VolumeService volumes) {
        this(volumes, MountSpecs::exists);
    }

    ContainerMounts(VolumeService volumes, Predicate<String> exists) {
        this.volumes = volumes;
        this.exists = exists;
    }

    // --- create -------------------------------------------------------------------------------

    /**
     * Checks the container's mount configuration and takes its volumes (creating the missing ones):
     * the container {@code id} references them from now on. Nothing is held when it fails.
     */
    List<ContainerMount> plan(String id, HostConfig host, ContainerConfig config,
                              Function<String, Container> containers) {
        var tmpfs = new LinkedHashMap<String, String>();
        for (var entry : orEmpty(host.tmpfs()).entrySet()) {
            tmpfs.put(MountSpecs.tmpfsDestination(entry.getKey()), entry.getValue());
        }
        // check every spec before any volume is created
        var fromSpecs = new ArrayList<MountSpecs.VolumesFrom>();
        for (String spec : orEmpty(host.volumesFrom())) {
            fromSpecs.add(MountSpecs.volumesFrom(spec));
        }
        var binds = new ArrayList<MountSpecs.Parsed>();
        var bound = new HashSet<String>();
        for (String raw : orEmpty(host.binds())) {
            var parsed = MountSpecs.bind(raw);
            String destination = parsed.mount().destination();
            if (!bound.add(destination) || tmpfs.containsKey(destination)) {
                throw duplicate(destination);
            }
            binds.add(parsed);
        }
        var mounts = new ArrayList<MountSpecs.Parsed>();
        for (Mount spec : orEmpty(host.mounts())) {
            var parsed = MountSpecs.mount(spec, exists);
            if (!bound.add(parsed.mount().destination())) {
                throw duplicate(spec.target());
            }
            mounts.add(parsed);
        }
        var from = new ArrayList<Container>();
        for (var spec : fromSpecs) {
            from.add(containers.apply(spec.container()));
        }

        var taken = new ArrayList<ContainerMount>(); // volumes referenced so far, released on failure
        try {
            var points = new LinkedHashMap<String, ContainerMount>();
            for (int i = 0; i < from.size(); i++) {
                for (ContainerMount m : from.get(i).mountsOrEmpty()) {
                    var copy = m.inherited(fromSpecs.get(i).writable());
                    if (copy.isVolume()) {
                        volumes.reference(copy.name(), id);
                        taken.add(copy);
                    }
                    replace(points, copy, id);
                }
            }
            for (var parsed : binds) {
                replace(points, take(parsed, id, taken), id);
            }
            for (var parsed : mounts) {
                replace(points, take(parsed, id, taken), id);
            }
            for (String path : orEmpty(config.volumes()).keySet()) {
                String destination = SlashPaths.clean(path);
                if (points.containsKey(destination) || tmpfs.containsKey(destination)) {
                    continue; // a bind, a volume or --volumes-from already covers it (not an error)
                }
                if (!destination.startsWith("/") || destination.equals("/")) {
                    throw new InvalidArgumentException("invalid volume specification: '" + path + "'");
                }
                var volume = volumes.acquire(Optional.empty(), "", null, null, id);
                var anonymous = new ContainerMount(ContainerMount.VOLUME, destination, "", volume.name(),
                        volume.driver(), true, "", "", true, false, "", false);
                taken.add(anonymous);
                points.put(destination, anonymous);
            }
            return List.copyOf(points.values());
        } catch (RuntimeException e) {
            release(id, taken, true);
            throw e;
        }
    }

    private ContainerMount take(MountSpecs.Parsed parsed, String id, List<ContainerMount> taken) {
        var m = parsed.mount();
        if (!m.isVolume()) {
            return m;
        }
        var volume = volumes.acquire(Optional.of(m.name()).filter(n -> !n.isEmpty()), parsed.volumeDriver(),
                parsed.volumeOptions(), parsed.volumeLabels(), id);
        var taking = m.withVolume(volume.name(), volume.driver());
        if (taking.mode().isEmpty()) {
            taking = taking.withMode("z"); // Docker's default mode for a local volume
        }
        taken.add(taking);
        return taking;
    }

    /** A later mount point replaces an earlier one at the same destination (releasing its volume). */
    private void replace(Map<String, ContainerMount> points, ContainerMount m, String id) {
        var old = points.put(m.destination(), m);
        if (old != null && old.isVolume()
                && points.values().stream().noneMatch(p -> p.isVolume() && p.name().equals(old.name()))) {
            volumes.release(old.name(), id);
        }
    }

    private static InvalidArgumentException duplicate(String destination) {
        return new InvalidArgumentException("Duplicate mount point: " + destination);
    }

    /**
     * Copy-up: each new volume that may take the image's content at its path gets it while it is
     * still empty. An anonymous volume cannot go over a file of the image.
     */
    void copyUp(Container c, Path rootfs) {
        for (ContainerMount m : c.mountsOrEmpty()) {
            if (!m.isVolume() || !m.copyData()) {
                continue;
            }
            Path inImage = RootfsPaths.resolve(rootfs, m.destination());
            if (!Files.exists(inImage, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (!Files.isDirectory(inImage, LinkOption.NOFOLLOW_LINKS)) {
                if (!m.named()) {
                    throw new InvalidArgumentException("cannot mount volume over existing file, file exists " + inImage);
                }
                continue;
            }
            if (!volumes.isEmpty(m.name())) {
                continue;
            }
            LOG.log(System.Logger.Level.DEBUG, "copying image data id={0} path={1} volume={2}", c.id(),
                    m.destination(), m.name());
            TreeCopy.copy(inImage, volumes.dataPath(m.name()));
        }
    }

    /** Whether any volume of the container may take image content (the root must be mounted for that). */
    static boolean wantsCopyUp(List<ContainerMount> mounts) {
        return mounts.stream().anyMatch(m -> m.isVolume() && m.copyData());
    }

    // --- start --------------------------------------------------------------------------------

    /** What the runtime mounts: the OCI mounts, shallow first, and the root's propagation if a mount needs one. */
    record Prepared(List<OciSpec.Mount> mounts, Optional<String> rootfsPropagation) {}

    /** Makes the sources ready (volumes mounted, missing bind sources created) and lists the mounts. */
    Prepared prepare(Container c) {
        var out = new ArrayList<OciSpec.Mount>();
        boolean shared = false;
        boolean slave = false;
        var mounted = new ArrayList<String>();
        try {
            for (ContainerMount m : c.mountsOrEmpty()) {
                switch (m.type()) {
                    case ContainerMount.TMPFS -> out.add(tmpfs(m.destination(), m.tmpfsOptions()));
                    case ContainerMount.VOLUME -> {
                        Path source = volumes.mount(m.name(), c.id());
                        mounted.add(m.name());
                        out.add(bindMount(m, source.toString()));
                    }
                    default -> {
                        Path source = Path.of(m.source());
                        if (!Files.exists(source)) {
                            Files.createDirectories(source);
                        }
                        switch (m.propagation()) {
                            case "shared", "rshared" -> {
                                requirePropagation(source, true);
                                shared = true;
                            }
                            case "slave", "rslave" -> {
                                requirePropagation(source, false);
                                slave = true;
                            }
                            default -> { }
                        }
                        out.add(bindMount(m, m.source()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            for (String name : mounted) {
                volumes.unmount(name, c.id());
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new InternalException("preparing the mounts of " + c.id() + ": " + e.getMessage(), e);
        }
        for (var entry : orEmpty(c.hostConfig().tmpfs()).entrySet()) {
            out.add(tmpfs(SlashPaths.clean(entry.getKey()), entry.getValue()));
        }
        for (ContainerMount m : c.mountsOrEmpty()) {
            if (m.isVolume()) {
                volumes.publishMounted(m.name(), c.id(), m.destination(), m.rw(), m.propagation());
            }
        }
        out.sort(Comparator.comparingInt(m -> depth(m.destination())));
        Optional<String> propagation = shared ? Optional.of("shared") : slave ? Optional.of("rslave") : Optional.empty();
        return new Prepared(out, propagation);
    }

    private static OciSpec.Mount bindMount(ContainerMount m, String source) {
        var options = new ArrayList<String>();
        options.add(m.nonRecursive() ? "bind" : "rbind");
        if (!m.rw()) {
            options.add("ro");
        }
        if (!m.propagation().isEmpty()) {
            options.add(m.propagation());
        }
        return new OciSpec.Mount(m.destination(), "bind", source, options);
    }

    /** Docker's tmpfs: noexec, nosuid, nodev, rprivate, then the user's options (the later one of a pair wins). */
    static OciSpec.Mount tmpfs(String destination, String data) {
        var merged = new LinkedHashMap<String, String>();
        var all = new ArrayList<>(TMPFS_DEFAULTS);
        if (data != null && !data.isEmpty()) {
            all.addAll(List.of(data.split(",")));
        }
        for (String option : all) {
            if (option.isEmpty()) {
                continue;
            }
            String key = switch (option) {
                case "exec", "noexec" -> "exec";
                case "suid", "nosuid" -> "suid";
                case "dev", "nodev" -> "dev";
                case "ro", "rw" -> "rw";
                case "atime", "noatime" -> "atime";
                default -> MountSpecs.PROPAGATIONS.contains(option) ? "propagation"
                        : option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            };
            merged.remove(key);
            merged.put(key, option);
        }
        return new OciSpec.Mount(destination, "tmpfs", "tmpfs", List.copyOf(merged.values()));
    }

    /** Docker's ensureShared / ensureSharedOrSlave: the source's mount must propagate. */
    private static void requirePropagation(Path source, boolean sharedOnly) {
        var mount = MountInfo.mountOf(source.toAbsolutePath());
        if (mount.isEmpty()) {
            return;
        }
        boolean ok = mount.get().shared() || (!sharedOnly && mount.get().slave());
        if (!ok) {
            throw new InvalidArgumentException("path " + source + " is mounted on " + mount.get().mountPoint()
                    + " but it is not a " + (sharedOnly ? "shared" : "shared or slave") + " mount");
        }
    }

    private static int depth(String destination) {
        return (int) SlashPaths.clean(destination).chars().filter(ch -> ch == '/').count();
    }

    /** After the container's process is gone: volumes with options are unmounted when no one uses them. */
    void afterExit(Container c) {
        for (ContainerMount m : c.mountsOrEmpty()) {
            if (m.isVolume()) {
                try {
                    volumes.unmount(m.name(), c.id());
                    volumes.publishUnmounted(m.name(), c.id());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "unmounting volume {0} of {1}: {2}", m.name(), c.id(),
                            e.getMessage());
                }
            }
        }
    }

    // --- remove, restore, inspect ----------------------------------------------------------------

    /** The container goes: its references go, and with {@code rm -v} its anonymous volumes unless others use them. */
    void remove(Container c, boolean removeAnonymous) {
        release(c.id(), c.mountsOrEmpty(), removeAnonymous);
    }

    private void release(String id, List<ContainerMount> mounts, boolean removeAnonymous) {
        for (ContainerMount m : mounts) {
            if (!m.isVolume()) {
                continue;
            }
            volumes.release(m.name(), id);
            if (removeAnonymous && !m.named()) {
                try {
                    volumes.removeAnonymous(m.name());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "removing anonymous volume {0}: {1}", m.name(), e.getMessage());
                }
            }
        }
    }

    /** At start-up: the container's references, and for a running one its mounted volumes. */
    void restore(Container c) {
        for (ContainerMount m : c.mountsOrEmpty()) {
            if (m.isVolume()) {
                volumes.restoreReference(m.name(), c.id());
                if (c.runState().isRunning()) {
                    volumes.restoreMount(m.name(), c.id());
                }
            }
        }
    }

    /** Which volumes a container uses (the {@code volume} filter of {@code ps}). */
    static Set<String> volumeNames(Container c) {
        var names = new HashSet<String>();
        for (ContainerMount m : c.mountsOrEmpty()) {
            if (m.isVolume()) {
                names.add(m.name());
            }
        }
        return names;
    }

    /** Inspect's and ps's {@code Mounts}, as Docker shows them. */
    List<MountPoint> views(Container c) {
        var out = new ArrayList<MountPoint>();
        for (ContainerMount m : c.mountsOrEmpty()) {
            String source = switch (m.type()) {
                case ContainerMount.VOLUME -> volumes.dataPath(m.name()).toString();
                case ContainerMount.BIND -> m.source();
                default -> "";
            };
            out.add(MountPoint.builder()
                    .type(m.type())
                    .name(m.name().isEmpty() ? null : m.name())
                    .source(source)
                    .destination(m.destination())
                    .driver(m.driver().isEmpty() ? null : m.driver())
                    .mode(m.mode())
                    .rw(m.rw())
                    .propagation(m.propagation())
                    .build());
        }
        return out;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
