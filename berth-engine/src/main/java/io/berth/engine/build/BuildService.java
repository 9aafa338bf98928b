package io.berth.engine.build;

import io.berth.api.model.BuildCache;
import io.berth.api.model.BuildCachePruneResponse;
import io.berth.build.dockerfile.DockerfileParser;
import io.berth.common.Digest;
import io.berth.engine.PruneFilters;
import io.berth.engine.events.EventBus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.berth.build.dockerfile.Instructions;
import io.berth.common.Ids;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.engine.container.ContainerService;
import io.berth.engine.image.ImageService;
import io.berth.image.ref.ImageRef;
import io.berth.store.overlay.LayerStore;
import io.berth.store.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code POST /build}: Dockerfile builds with the classic builder's behaviour and output. A build
 * is prepared first (context unpacked, Dockerfile parsed, tags and target checked: errors keep
 * their HTTP status), then run while its output streams.
 *
 * <p>On disk: {@code <data-root>/builds/<random>/} holds one build's context, the read-only mounts
 * of images it looks into and its layer tars; it goes when the build ends, and whatever a crash
 * left there is unmounted and removed at start-up. The cache is the {@code build-cache} kind of
 * the state store (key: parent image, history line, config, destination → image ID), so it
 * survives restarts; an entry whose image was removed is ignored.
 */
public final class BuildService {
    private final ImageService images;
    private final ContainerService containers;
    private final LayerStore layers;
    private final StateStore state;
    private final Path buildsRoot;
    private final EventBus events;

    public BuildService(ImageService images, ContainerService containers, LayerStore layers, StateStore state,
                        Path buildsRoot) {
        this(images, containers, layers, state, buildsRoot, null);
    }

    public BuildService(ImageService images, ContainerService containers, LayerStore layers, StateStore state,
                        Path buildsRoot, EventBus events) {
        this.events = events;
        this.images = images;
        this.containers = containers;
        this.layers = layers;
        this.state = state;
        this.buildsRoot = buildsRoot;
        try {
            Files.createDirectories(buildsRoot);
            try (Stream<Path> leftovers = Files.list(buildsRoot)) {
                leftovers.forEach(Build::cleanUp);
            }
        } catch (IOException e) {
            throw new InternalException("preparing " + buildsRoot + ": " + e.getMessage(), e);
        }
    }

    /** A build that passed the checks made before any output. */
    public static final class PreparedBuild {
        private final BuildOptions options;
        private final BuildContext context;
        private final Instructions.BuildFile file;
        private final Path work;

        private PreparedBuild(BuildOptions options, BuildContext context, Instructions.BuildFile file, Path work) {
            this.options = options;
            this.context = context;
            this.file = file;
            this.work = work;
        }

        public BuildOptions options() {
            return options;
        }
    }

    /** Unpacks the context and parses the Dockerfile; nothing is left behind when it fails. */
    public PreparedBuild prepare(BuildOptions options, InputStream context) {
        return prepare(options, work -> BuildContext.extract(context, options.dockerfile(), work));
    }

    /**
     * {@code POST /build?remote=URL}: the context is fetched by the daemon: a git repository
     * ({@code URL#ref:subdir}), a tar or a Dockerfile over http(s). Nothing is left behind when it fails.
     */
    public PreparedBuild prepareRemote(BuildOptions options, String remote) {
        return prepare(options, work -> RemoteContext.fetch(remote, options.dockerfile(), work));
    }

    private PreparedBuild prepare(BuildOptions options, java.util.function.Function<Path, BuildContext> source) {
        for (String tag : options.tags()) {
            ImageRef.parse(tag);
        }
        if (options.platform().isPresent() && !options.platform().get().isEmpty()) {
            String platform = options.platform().get();
            if (!platform.equals("linux") && !platform.equals("linux/" + hostArchitecture())) {
                throw new InvalidArgumentException("\"" + platform + "\": unsupported platform: this builder runs "
                        + "linux/" + hostArchitecture() + " only");
            }
        }
        Path work = buildsRoot.resolve(Ids.random().substring(0, 16));
        try {
            var extracted = source.apply(work);
            var parsed = DockerfileParser.parse(extracted.dockerfile());
            if (parsed.nodes().isEmpty()) {
                throw new InvalidArgumentException("the Dockerfile (" + extracted.dockerfileName() + ") cannot be empty");
            }
            var file = Instructions.parse(parsed);
            if (file.stages().isEmpty()) {
                throw new InvalidArgumentException("No image was generated. Is your Dockerfile empty?");
            }
            if (options.target().isPresent() && file.stageIndex(options.target().get()).isEmpty()) {
                throw new InvalidArgumentException("failed to reach build target " + options.target().get()
                        + " in Dockerfile");
            }
            return new PreparedBuild(options, extracted, file, work);
        } catch (RuntimeException e) {
            Build.cleanUp(work);
            throw e;
        }
    }

    /** Runs a prepared build, reporting to {@code out}; its work directory goes afterwards. */
    public BuildResult run(PreparedBuild build, BuildOutput out) {
        try {
            return new Build(images, containers, layers, state, build.options, build.context, build.file, build.work,
                    out).run();
        } finally {
            Build.cleanUp(build.work);
        }
    }

    /** Forgets a prepared build that will not run. */
    public void discard(PreparedBuild build) {
        Build.cleanUp(build.work);
    }

    /** The filters {@code POST /build/prune} takes (BuildKit's names; those about BuildKit-only records match nothing). */
    public static final Set<String> PRUNE_FILTERS = Set.of("until", "unused-for", "id", "parent", "type",
            "description", "inuse", "shared", "private");

    /**
     * The build cache as {@code GET /system/df} shows it: one record per cached step whose image
     * still exists. A record's size is the layer its step added (0 for steps that change only the
     * config); it is {@code Shared} when its image is a tagged image, is used by a container, or is
     * an ancestor of one (pruning it would free nothing). Entries whose image is gone are left out.
     */
    public List<BuildCache> cacheRecords() {
        var store = images.store();
        var docs = state.list(Build.KIND_CACHE);
        var keyOfImage = new HashMap<String, String>();
        for (var doc : docs) {
            keyOfImage.putIfAbsent(doc.body(), doc.id());
        }
        var shared = sharedImages();
        var uses = CacheUse.all(state);
        var out = new ArrayList<BuildCache>();
        for (var doc : docs) {
            var image = store.byId(doc.body());
            if (image.isEmpty()) {
                continue; // its image was removed: no build uses it again; builder prune forgets it
            }
            var parent = store.parent(image.get().id()).flatMap(store::byId);
            long size = 0;
            int parentLayers = parent.map(p -> p.layers().size()).orElse(0);
            if (image.get().layers().size() > parentLayers) {
                size = layers.size(Digest.parse(image.get().layers().getLast().chainId()));
            }
            var history = images.configFile(image.get()).history();
            String description = history == null || history.isEmpty() || history.getLast().createdBy() == null ? ""
                    : history.getLast().createdBy();
            String created = image.get().created();
            List<String> parents = parent.map(p -> keyOfImage.get(p.id())).filter(k -> k != null)
                    .map(List::of).orElse(null);
            var use = uses.getOrDefault(doc.id(), new CacheUse(created, 1));
            out.add(new BuildCache(doc.id(), parents, "regular", description, false,
                    shared.contains(image.get().id()), size, created, use.lastUsedAt(), use.usageCount()));
        }
        out.sort(Comparator.comparing(BuildCache::createdAt).thenComparing(BuildCache::id));
        return out;
    }

    /** Tagged images, images containers use, and all their ancestors. */
    private Set<String> sharedImages() {
        var store = images.store();
        var shared = new HashSet<String>();
        for (var image : store.list()) {
            if (store.tags(image.id()).isEmpty() && containers.usersOf(image.id()).isEmpty()) {
                continue;
            }
            Optional<String> id = Optional.of(image.id());
            while (id.isPresent() && shared.add(id.get())) {
                id = store.parent(id.get());
            }
        }
        return shared;
    }

    /**
     * {@code POST /build/prune}: the cache records that nothing needs (all unused ones with {@code all}),
     * matching the filters, least recently used first until at most {@code keepStorage} bytes stay (0: no limit);
     * their entries go, and their images with them when no tag, container, child image or remaining
     * entry needs them. The space reclaimed is that of the layers that are gone afterwards.
     */
    public BuildCachePruneResponse prune(boolean all, PruneFilters filters, long keepStorage) {
        return pruning.run(() -> pruneLocked(all, filters, keepStorage));
    }

    private final io.berth.engine.PruneLock pruning = new io.berth.engine.PruneLock();

    private BuildCachePruneResponse pruneLocked(boolean all, PruneFilters filters, long keepStorage) {
        var store = images.store();
        var stale = new ArrayList<String>(); // entries whose image went (an image prune): forgotten, reported
        for (var doc : state.list(Build.KIND_CACHE)) {
            if (store.byId(doc.body()).isEmpty() && state.delete(Build.KIND_CACHE, doc.id())) {
                CacheUse.reset(state, doc.id());
                stale.add(doc.id());
            }
        }
        var records = cacheRecords();
        var candidates = new ArrayList<BuildCache>();
        for (var r : records) {
            if (!r.inUse() && (all || !r.shared()) && matches(r, filters)) {
                candidates.add(r);
            }
        }
        candidates.sort(Comparator.comparing(r -> parseInstant(r.lastUsedAt()).orElse(java.time.Instant.EPOCH)));
        if (keepStorage > 0) {
            long total = records.stream().filter(r -> !r.shared()).mapToLong(BuildCache::size).sum();
            var chosen = new ArrayList<BuildCache>();
            for (var r : candidates) {
                if (total <= keepStorage) {
                    break;
                }
                chosen.add(r);
                if (!r.shared()) {
                    total -= r.size();
                }
            }
            candidates = chosen;
        }
        var before = new HashMap<String, Long>();
        for (var image : store.list()) {
            for (var layer : image.layers()) {
                before.computeIfAbsent(layer.chainId(), c -> layers.size(Digest.parse(c)));
            }
        }
        var imageOf = new HashMap<String, String>();
        for (var doc : state.list(Build.KIND_CACHE)) {
            imageOf.put(doc.id(), doc.body());
        }
        var deleted = new ArrayList<String>(stale);
        for (var r : candidates) {
            state.delete(Build.KIND_CACHE, r.id());
            CacheUse.reset(state, r.id());
            deleted.add(r.id());
        }
        var stillCached = new HashSet<>(state.list(Build.KIND_CACHE).stream().map(StateStore.Document::body).toList());
        // leaves first: a removed image takes its unused untagged parents with it
        var order = new ArrayList<>(candidates);
        order.sort(Comparator.comparing(BuildCache::createdAt).reversed());
        for (var r : order) {
            String id = imageOf.get(r.id());
            if (id == null || stillCached.contains(id) || store.byId(id).isEmpty() || !store.tags(id).isEmpty()
                    || !store.children(id).isEmpty() || !containers.usersOf(id).isEmpty()) {
                continue;
            }
            try {
                images.remove(id, false);
            } catch (io.berth.common.ConflictException | io.berth.common.NotFoundException e) {
                // needed after all, or gone meanwhile
            }
        }
        long reclaimed = 0;
        for (var entry : before.entrySet()) {
            if (!layers.exists(Digest.parse(entry.getKey()))) {
                reclaimed += entry.getValue();
            }
        }
        if (events != null) {
            events.publish("builder", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        }
        return new BuildCachePruneResponse(deleted.isEmpty() ? null : deleted, reclaimed);
    }

    private static boolean matches(BuildCache r, PruneFilters filters) {
        if (!filters.createdBefore(parseInstant(r.lastUsedAt()))) { // BuildKit's until: unused since
            return false;
        }
        for (String unusedFor : filters.values("unused-for")) {
            var pivot = PruneFilters.timestamp(unusedFor, java.time.Instant.now());
            if (parseInstant(r.lastUsedAt()).map(t -> t.isAfter(pivot)).orElse(true)) {
                return false;
            }
        }
        for (var entry : filters.filters().entrySet()) {
            for (String value : entry.getValue()) {
                boolean ok = switch (entry.getKey()) {
                    case "id" -> r.id().startsWith(value);
                    case "parent" -> r.parents() != null && r.parents().stream().anyMatch(p -> p.startsWith(value));
                    case "type" -> r.type().equals(value);
                    case "description" -> r.description().contains(value);
                    case "inuse" -> !value.equals("true") || r.inUse();
                    case "shared" -> !value.equals("true") || r.shared();
                    case "private" -> !value.equals("true") || !r.shared();
                    default -> true;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Optional<java.time.Instant> parseInstant(String rfc3339) {
        try {
            return Optional.of(java.time.Instant.parse(rfc3339));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String hostArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
