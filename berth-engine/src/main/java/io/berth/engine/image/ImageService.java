package io.berth.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.ContainerConfig;
import io.berth.api.model.DriverData;
import io.berth.api.model.ImageConfig;
import io.berth.api.model.ImageDeleteResponseItem;
import io.berth.api.model.ImageHistoryResponseItem;
import io.berth.api.model.ImageInspect;
import io.berth.api.model.ImageListOptions;
import io.berth.api.model.ImageSummary;
import io.berth.common.ConflictException;
import io.berth.common.Digest;
import io.berth.common.Ids;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.engine.events.EventBus;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.archive.ImageArchives;
import io.berth.image.archive.ImportOptions;
import io.berth.image.archive.LoadResult;
import io.berth.image.bootstrap.BusyboxBootstrap;
import io.berth.image.oci.ImageConfigFile;
import io.berth.image.ref.ImageRef;
import io.berth.image.registry.ImagePuller;
import io.berth.image.registry.ImagePusher;
import io.berth.image.registry.Progress;
import io.berth.image.registry.RegistryClient;
import io.berth.image.registry.RegistryHosts;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Images as the Docker API shows them. */
public final class ImageService {
    private final ImageStore store;
    private final EventBus events;
    private volatile ImageUsers users = _ -> List.of();

    private final ImageArchives archives;
    private final ImagePuller puller;
    private final ImagePusher pusher;
    private final RegistryClient registry;

    public ImageService(ImageStore store, EventBus events, Path tempDir) {
        this(store, events, tempDir, new RegistryClient(RegistryHosts.defaults()));
    }

    public ImageService(ImageStore store, EventBus events, Path tempDir, RegistryClient registry) {
        this.store = store;
        this.events = events;
        this.archives = new ImageArchives(store, tempDir);
        this.puller = new ImagePuller(registry, store);
        this.pusher = new ImagePusher(registry, store);
        this.registry = registry;
    }

    /**
     * {@code POST /auth}: checks the credentials against their registry; returns the identity token
     * the registry gave (often none). Bad credentials are an {@link io.berth.common.UnauthorizedException}.
     */
    public String login(io.berth.image.registry.RegistryAuth auth) {
        return registry.login(auth);
    }

    /** Where registries are and how to reach them (insecure ones, mirrors), for {@code GET /info}. */
    public RegistryHosts registryHosts() {
        return registry.hosts();
    }

    /** Set once by the composition root (containers use images; images ask containers). */
    public void setUsers(ImageUsers users) {
        this.users = users;
    }

    public ImageStore store() {
        return store;
    }

    public ImageRecord resolve(String nameOrId) {
        return store.resolve(nameOrId);
    }

    public ImageConfigFile configFile(ImageRecord image) {
        return store.readConfig(Digest.parse(image.id()));
    }

    /** The image's container defaults ({@code Env}, {@code Cmd}, …) as the API's record. */
    public ImageConfig containerDefaults(ImageRecord image) {
        JsonNode config = configFile(image).config();
        if (config == null || config.isNull()) {
            return ImageConfig.builder().build();
        }
        return Json.convert(config, ImageConfig.class);
    }

    public List<ImageSummary> list(ImageListOptions options) {
        var out = new ArrayList<ImageSummary>();
        var filters = options.filters();
        var parents = new java.util.HashSet<String>();
        for (ImageRecord image : store.list()) {
            store.parent(image.id()).ifPresent(parents::add);
        }
        for (ImageRecord image : store.list()) {
            List<String> tags = store.tags(image.id()).stream().map(ImageRef::familiar).sorted().toList();
            if (!matches(image, tags, filters)) {
                continue;
            }
            if (!options.all() && tags.isEmpty() && parents.contains(image.id())) {
                continue; // an intermediate image of a build: shown with --all, as Docker does
            }
            var references = filters.getOrDefault("reference", List.of());
            if (!references.isEmpty()) {
                // as Docker: the summary names only the tags the reference filter matched
                tags = tags.stream().filter(t -> references.stream().anyMatch(r -> referenceMatches(r, t))).toList();
            }
            var config = containerDefaults(image);
            out.add(ImageSummary.builder()
                    .id(image.id())
                    .parentId(store.parent(image.id()).orElse(""))
                    .repoTags(tags.isEmpty() && !options.all() ? List.of() : tags)
                    .repoDigests(image.repoDigests())
                    .created(epochSeconds(image.created()))
                    .size(image.size())
                    .sharedSize(-1L)
                    .labels(config.labels() == null ? Map.of() : config.labels())
                    .containers(-1L)
                    .build());
        }
        out.sort(Comparator.comparing(ImageSummary::created).reversed().thenComparing(ImageSummary::id));
        return out;
    }

    private boolean matches(ImageRecord image, List<String> tags, Map<String, List<String>> filters) {
        for (var filter : filters.entrySet()) {
            if (filter.getKey().equals("label")) {
                // as dockerd's MatchKVList: every label asked for must be there
                var labels = containerDefaults(image).labels();
                if (!filter.getValue().stream().allMatch(value -> labelMatches(labels, value))) {
                    return false;
                }
                continue;
            }
            boolean any = false;
            for (String value : filter.getValue()) {
                any |= switch (filter.getKey()) {
                    case "dangling" -> Boolean.parseBoolean(value) == tags.isEmpty();
                    case "reference" -> tags.stream().anyMatch(t -> referenceMatches(value, t));
                    case "label" -> labelMatches(containerDefaults(image).labels(), value);
                    case "before", "since" -> {
                        var other = store.resolve(value);
                        long created = epochSeconds(image.created());
                        long pivot = epochSeconds(other.created());
                        yield filter.getKey().equals("before") ? created < pivot : created > pivot;
                    }
                    default -> throw new InvalidArgumentException("invalid filter '" + filter.getKey() + "'");
                };
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** A {@code reference} filter against a familiar tag: the whole {@code repo:tag}, or the repository alone. */
    private static boolean referenceMatches(String filter, String tag) {
        return globMatch(filter, tag) || globMatch(filter, tag.substring(0, tag.lastIndexOf(':')));
    }

    static boolean labelMatches(Map<String, String> labels, String filter) {
        if (labels == null) {
            return false;
        }
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    static boolean globMatch(String glob, String text) {
        var regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return text.matches(regex.toString());
    }

    public ImageInspect inspect(String nameOrId) {
        ImageRecord image = store.find(nameOrId)
                .orElseThrow(() -> NotFoundException.imageReference(ImageStore.displayName(nameOrId)));
        ImageConfigFile file = configFile(image);
        ImageConfig config = containerDefaults(image);
        var tags = store.tags(image.id()).stream().map(ImageRef::familiar).sorted().toList();
        String top = image.layers().isEmpty() ? "" : Digest.parse(image.layers().getLast().chainId()).encoded();
        var lower = new ArrayList<String>();
        for (int i = image.layers().size() - 2; i >= 0; i--) {
            lower.add(store.layers().diffDir(Digest.parse(image.layers().get(i).chainId())).toString());
        }
        var graphData = new java.util.LinkedHashMap<String, String>();
        if (!lower.isEmpty()) {
            graphData.put("LowerDir", String.join(":", lower));
        }
        if (!top.isEmpty()) {
            Path upper = store.layers().diffDir(Digest.parse(image.layers().getLast().chainId()));
            graphData.put("MergedDir", upper.getParent().resolve("merged").toString());
            graphData.put("UpperDir", upper.toString());
            graphData.put("WorkDir", upper.getParent().resolve("work").toString());
        }
        return ImageInspect.builder()
                .id(image.id())
                .repoTags(tags)
                .repoDigests(image.repoDigests())
                .parent(store.parent(image.id()).orElse(""))
                .comment(file.comment() == null ? "" : file.comment())
                .created(image.created())
                .container("")
                .containerConfig(legacyContainerConfig(config))
                .dockerVersion(file.dockerVersion() == null ? "" : file.dockerVersion())
                .author(file.author() == null ? "" : file.author())
                .config(config)
                .architecture(file.architecture())
                .variant(file.variant())
                .os(file.os())
                .size(image.size())
                .graphDriver(DriverData.builder().name("overlay2").data(graphData).build())
                .rootFS(ImageInspect.RootFS.builder().type("layers").layers(file.diffIds()).build())
                .metadata(ImageInspect.Metadata.builder()
                        .lastTagTime(image.lastTagTime().isEmpty() ? "0001-01-01T00:00:00Z" : image.lastTagTime())
                        .build())
                .build();
    }

    /** docker-compose 1.x reads {@code ContainerConfig} (removed from the API in 1.45); keep it for old clients. */
    private static ContainerConfig legacyContainerConfig(ImageConfig config) {
        return ContainerConfig.builder()
                .hostname("").domainname("").user("")
                .attachStdin(false).attachStdout(false).attachStderr(false)
                .tty(false).openStdin(false).stdinOnce(false)
                .env(config.env()).cmd(config.cmd()).image("")
                .volumes(config.volumes()).workingDir(config.workingDir() == null ? "" : config.workingDir())
                .entrypoint(config.entrypoint()).onBuild(config.onBuild()).labels(config.labels())
                .build();
    }

    public List<ImageHistoryResponseItem> history(String nameOrId) {
        ImageRecord image = store.find(nameOrId)
                .orElseThrow(() -> NotFoundException.imageReference(ImageStore.displayName(nameOrId)));
        ImageConfigFile file = configFile(image);
        var items = new ArrayList<ImageHistoryResponseItem>();
        var history = file.history() == null ? List.<ImageConfigFile.History>of() : file.history();
        int layer = 0;
        for (var h : history) {
            long size = 0;
            if (!Boolean.TRUE.equals(h.emptyLayer()) && layer < image.layers().size()) {
                size = store.layers().size(Digest.parse(image.layers().get(layer).chainId()));
                layer++;
            }
            items.add(ImageHistoryResponseItem.builder()
                    .id("<missing>")
                    .created(epochSeconds(h.created()))
                    .createdBy(h.createdBy() == null ? "" : h.createdBy())
                    .tags(null)
                    .size(size)
                    .comment(h.comment() == null ? "" : h.comment())
                    .build());
        }
        java.util.Collections.reverse(items);
        if (!items.isEmpty()) {
            var tags = store.tags(image.id()).stream().map(ImageRef::familiar).sorted().toList();
            items.set(0, items.getFirst().toBuilder().id(image.id()).tags(tags).build());
        }
        return items;
    }

    /** {@code docker tag SOURCE REPO[:TAG]}. */
    public void tag(String source, String repository, String tag) {
        ImageRecord image = store.resolve(source);
        String target = tag == null || tag.isEmpty() ? repository : repository + ":" + tag;
        ImageRef ref = ImageRef.parse(target);
        if (ref.digest().isPresent()) {
            throw new InvalidArgumentException("refusing to create a tag with a digest reference");
        }
        store.tag(ref, image.id());
        events.publish("image", "tag", image.id(), Map.of("name", ref.familiar()));
    }

    /** {@code docker rmi}: untag, then delete when nothing else refers to the image, as Docker decides. */
    public List<ImageDeleteResponseItem> remove(String nameOrId, boolean force) {
        ImageRecord image = store.find(nameOrId)
                .orElseThrow(() -> NotFoundException.image(ImageStore.displayName(nameOrId)));
        var deleted = new ArrayList<ImageDeleteResponseItem>();
        var tags = store.tags(image.id());
        boolean byReference = ImageRef.looksLikeReference(nameOrId) && !isIdOf(nameOrId, image);
        List<ImageUsers.User> usedBy = users.usersOf(image.id());

        if (byReference) {
            ImageRef ref = ImageRef.parse(nameOrId);
            if (tags.size() > 1 || (!usedBy.isEmpty() && force)) {
                untag(ref, image, deleted);
                return deleted;
            }
            if (!usedBy.isEmpty()) {
                var user = usedBy.getFirst();
                throw new ConflictException("conflict: unable to remove repository reference \"" + nameOrId
                        + "\" (must force) - container " + Ids.shortId(user.containerId())
                        + " is using its referenced image " + Ids.shortId(image.id()));
            }
            untag(ref, image, deleted);
        } else {
            if (!store.children(image.id()).isEmpty()) {
                throw new ConflictException("conflict: unable to delete " + Ids.shortId(image.id())
                        + " (cannot be forced) - image has dependent child images");
            }
            if (tags.size() > 1 && !force) {
                throw new ConflictException("conflict: unable to delete " + Ids.shortId(image.id())
                        + " (must be forced) - image is referenced in multiple repositories");
            }
            var running = usedBy.stream().filter(ImageUsers.User::running).findFirst();
            if (running.isPresent()) {
                throw new ConflictException("conflict: unable to delete " + Ids.shortId(image.id())
                        + " (cannot be forced) - image is being used by running container "
                        + Ids.shortId(running.get().containerId()));
            }
            if (!usedBy.isEmpty() && !force) {
                throw new ConflictException("conflict: unable to delete " + Ids.shortId(image.id())
                        + " (must be forced) - image is being used by stopped container "
                        + Ids.shortId(usedBy.getFirst().containerId()));
            }
            for (ImageRef ref : tags) {
                untag(ref, image, deleted);
            }
            if (!usedBy.isEmpty()) {
                return deleted; // forced: untagged, kept for the stopped containers that use it
            }
        }
        if (!store.children(image.id()).isEmpty()) {
            return deleted; // untagged only: the images built on it still need it
        }
        var parent = store.parent(image.id());
        store.remove(image.id());
        deleted.add(ImageDeleteResponseItem.builder().deleted(image.id()).build());
        events.publish("image", "delete", image.id(), Map.of("name", image.id()));
        removeUnusedParents(parent, deleted);
        return deleted;
    }

    /** Docker's rule for built images: untagged parents that nothing else uses go with their last child. */
    private void removeUnusedParents(Optional<String> parent, List<ImageDeleteResponseItem> deleted) {
        while (parent.isPresent()) {
            String id = parent.get();
            if (store.byId(id).isEmpty() || !store.tags(id).isEmpty() || !store.children(id).isEmpty()
                    || !users.usersOf(id).isEmpty()) {
                return;
            }
            parent = store.parent(id);
            store.remove(id);
            deleted.add(ImageDeleteResponseItem.builder().deleted(id).build());
            events.publish("image", "delete", id, Map.of("name", id));
        }
    }

    /** The filters {@code POST /images/prune} takes. */
    public static final java.util.Set<String> PRUNE_FILTERS = java.util.Set.of("dangling", "label", "label!", "until");

    private final io.berth.engine.PruneLock pruning = new io.berth.engine.PruneLock();

    /** One prune at a time, as Docker: a second one meanwhile is a 409. */
    public io.berth.api.model.ImagePruneResponse prune(Map<String, List<String>> rawFilters) {
        return pruning.run(() -> pruneLocked(rawFilters));
    }

    /**
     * {@code POST /images/prune}: as moby, dangling images with no child images (by default), or
     * with {@code dangling=false} every image no container uses (tagged ones through their tags, so
     * untagged parents go with them; an untagged image with children stays for them). Images are
     * taken newest first; one a container uses is skipped. The space reclaimed is that of the
     * layers that are gone afterwards.
     */
    private io.berth.api.model.ImagePruneResponse pruneLocked(Map<String, List<String>> rawFilters) {
        var filters = io.berth.engine.PruneFilters.parse(rawFilters, PRUNE_FILTERS);
        boolean danglingOnly = filters.bool("dangling", true);
        var before = layerSizes();
        var deleted = new ArrayList<ImageDeleteResponseItem>();
        var candidates = new ArrayList<>(store.list());
        candidates.sort(Comparator.comparing(ImageRecord::created).reversed().thenComparing(ImageRecord::id));
        for (ImageRecord image : candidates) {
            if (store.byId(image.id()).isEmpty()) {
                continue; // went with an image pruned before it
            }
            var tags = store.tags(image.id());
            boolean hasChildren = !store.children(image.id()).isEmpty();
            if (tags.isEmpty() && hasChildren) {
                continue;
            }
            if (danglingOnly && !tags.isEmpty()) {
                continue;
            }
            if (!filters.createdBefore(instant(image.created()))
                    || !filters.labelsMatch(containerDefaults(image).labels())) {
                continue;
            }
            if (!users.usersOf(image.id()).isEmpty()) {
                continue;
            }
            try {
                if (tags.isEmpty()) {
                    deleted.addAll(remove(image.id(), false));
                } else {
                    for (ImageRef ref : tags) {
                        deleted.addAll(remove(ref.familiar(), false));
                    }
                }
            } catch (ConflictException | NotFoundException e) {
                // in use or gone meanwhile: Docker skips it too
            }
        }
        long reclaimed = 0;
        for (var entry : before.entrySet()) {
            if (!store.layers().exists(Digest.parse(entry.getKey()))) {
                reclaimed += entry.getValue();
            }
        }
        events.publish("image", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new io.berth.api.model.ImagePruneResponse(deleted.isEmpty() ? null : deleted, reclaimed);
    }

    /** One image's layers for {@code berth image tree}: bottom first, each with its own unpacked size. */
    public record LayerView(String chainId, String diffId, long size) {}

    /** An image as {@code berth image tree} draws it. */
    public record ImageLayers(String id, List<String> tags, String created, List<LayerView> layers) {}

    /** Every image (intermediate build images too) with its layers, for {@code GET /berth/v1/images/layers}. */
    public List<ImageLayers> layerTree() {
        var out = new ArrayList<ImageLayers>();
        for (ImageRecord image : store.list()) {
            var views = new ArrayList<LayerView>();
            for (var layer : image.layers()) {
                views.add(new LayerView(layer.chainId(), layer.diffId(), store.layers().size(Digest.parse(layer.chainId()))));
            }
            out.add(new ImageLayers(image.id(), store.tags(image.id()).stream().map(ImageRef::familiar).sorted().toList(),
                    image.created(), views));
        }
        out.sort(Comparator.comparing(ImageLayers::created).thenComparing(ImageLayers::id));
        return out;
    }

    /** Every unpacked layer of every image, by chain ID, with its size (each layer once). */
    public Map<String, Long> layerSizes() {
        var sizes = new java.util.LinkedHashMap<String, Long>();
        for (ImageRecord image : store.list()) {
            for (var layer : image.layers()) {
                sizes.computeIfAbsent(layer.chainId(), c -> store.layers().size(Digest.parse(c)));
            }
        }
        return sizes;
    }

    private static Optional<Instant> instant(String rfc3339) {
        try {
            return Optional.of(Instant.parse(rfc3339));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void untag(ImageRef ref, ImageRecord image, List<ImageDeleteResponseItem> deleted) {
        store.untag(ref);
        deleted.add(ImageDeleteResponseItem.builder().untagged(ref.familiar()).build());
        events.publish("image", "untag", image.id(), Map.of("name", ref.familiar()));
    }

    private static boolean isIdOf(String nameOrId, ImageRecord image) {
        String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
        return hex.matches("[a-f0-9]{1,64}") && image.id().startsWith("sha256:" + hex);
    }

    /** {@code docker load}: every image in the archive, registered and tagged; Docker's output lines. */
    public LoadResult load(InputStream archive) {
        LoadResult result = archives.load(archive);
        for (var image : result.images()) {
            events.publish("image", "load", image.id(), Map.of("name", image.tags().isEmpty() ? image.id()
                    : image.tags().getFirst().familiar()));
        }
        return result;
    }

    /** Checks that every name resolves (before a response is started), as {@code docker save} does. */
    public void checkSave(List<String> names) {
        if (names.isEmpty()) {
            throw new InvalidArgumentException("no images specified");
        }
        for (String name : names) {
            store.resolve(name);
        }
    }

    /** {@code docker save}: a tarball both Docker and Berth load. */
    public void save(List<String> names, OutputStream out) throws java.io.IOException {
        archives.save(names, out);
    }

    /** {@code docker import}: a rootfs tarball becomes a one-layer image. */
    public ImageRecord importImage(InputStream tarball, ImportOptions options) {
        ImageRecord image = archives.importImage(tarball, options);
        events.publish("image", "import", image.id(), Map.of("name", options.reference()
                .map(ImageRef::familiar).orElse(image.id())));
        return image;
    }

    // --- registries ----------------------------------------------------------------------------

    /** A pull checked before its progress stream starts: the manifest of a tag or digest, or the tags of a repository. */
    public record PullPlan(ImageRef ref, ImagePullOptions options, java.util.Optional<ImagePuller.Resolved> resolved,
                           List<String> allTags) {}

    /**
     * Resolves what {@code POST /images/create?fromImage=} asks for. Errors here (no such manifest,
     * no platform match, registry unreachable) come before the stream, with their status.
     */
    public PullPlan preparePull(ImagePullOptions options) {
        ImageRef ref = pullReference(options.fromImage(), options.tag());
        if (ref.tag().isEmpty() && ref.digest().isEmpty()) {
            List<String> tags;
            try {
                tags = puller.tags(ref, options.auth());
            } catch (NotFoundException e) {
                throw new NotFoundException("repository " + ref.familiarRepository() + " not found: " + e.getMessage());
            }
            if (tags.isEmpty()) {
                throw new NotFoundException("repository " + ref.familiarRepository() + " has no tags");
            }
            return new PullPlan(ref, options, Optional.empty(), tags.stream().sorted().toList());
        }
        return new PullPlan(ref, options, Optional.of(puller.resolve(ref, options.platform(), options.auth())), List.of());
    }

    /** Docker's reading of {@code fromImage} and {@code tag}: a tag that parses as a digest is one. */
    static ImageRef pullReference(String fromImage, String tag) {
        ImageRef ref = ImageRef.parseNormalized(fromImage.strip());
        if (tag == null || tag.isEmpty()) {
            return ref;
        }
        if (tag.startsWith("sha256:")) {
            return new ImageRef(ref.domain(), ref.path(), Optional.empty(), Optional.of(Digest.parse(tag)));
        }
        return ref.withTag(tag);
    }

    /** Pulls what {@link #preparePull} resolved; Docker's progress messages go to {@code listener}. */
    public void pull(PullPlan plan, Progress.Listener listener) {
        if (plan.resolved().isPresent()) {
            var result = puller.pull(plan.resolved().get(), listener);
            events.publish("image", "pull", plan.ref().familiar(), Map.of("name", plan.ref().familiar()));
            listener.on(new Progress.Status("", ImagePuller.statusLine(plan.ref().familiar(), result.newer())));
            return;
        }
        boolean newer = false;
        for (String tag : plan.allTags()) {
            ImageRef ref = plan.ref().withTag(tag);
            var result = puller.pull(puller.resolve(ref, plan.options().platform(), plan.options().auth()), listener);
            newer |= result.newer();
            events.publish("image", "pull", ref.familiar(), Map.of("name", ref.familiar()));
        }
        listener.on(new Progress.Status("", ImagePuller.statusLine(plan.ref().familiarRepository(), newer)));
    }

    /** A push checked before its stream: the local images under the name (one tag, or all of the repository's). */
    public record PushPlan(ImageRef repository, List<ImageRef> targets, ImagePushOptions options) {}

    public PushPlan preparePush(ImagePushOptions options) {
        ImageRef named = ImageRef.parseNormalized(options.name().strip());
        ImageRef repository = new ImageRef(named.domain(), named.path(), Optional.empty(), Optional.empty());
        var targets = new ArrayList<ImageRef>();
        String tag = options.tag() == null || options.tag().isEmpty() ? named.tag().orElse("") : options.tag();
        if (!tag.isEmpty()) {
            ImageRef target = repository.withTag(tag);
            if (store.find(target.canonical()).isEmpty()) {
                throw new NotFoundException("An image does not exist locally with the tag: " + repository.familiarRepository());
            }
            targets.add(target);
        } else {
            for (ImageRecord image : store.list()) {
                for (ImageRef ref : store.tags(image.id())) {
                    if (ref.repository().equals(repository.repository())) {
                        targets.add(ref);
                    }
                }
            }
            if (targets.isEmpty()) {
                throw new NotFoundException("An image does not exist locally with the tag: " + repository.familiarRepository());
            }
            targets.sort(Comparator.comparing(ImageRef::canonical));
        }
        return new PushPlan(repository, targets, options);
    }

    /** Pushes every target of the plan; Docker's progress messages go to {@code listener}. */
    public void push(PushPlan plan, Progress.Listener listener) {
        listener.on(new Progress.Status("", "The push refers to repository [" + plan.repository().repository() + "]"));
        for (ImageRef target : plan.targets()) {
            ImageRecord image = store.resolve(target.canonical());
            pusher.push(image, target, plan.options().auth(), listener);
            events.publish("image", "push", target.familiar(), Map.of("name", target.familiar()));
        }
    }

    /**
     * {@code GET /images/search?term=}: the repositories of a registry's catalog whose name contains
     * the term. As Docker, a term whose first component is a host ({@code 127.0.0.1:5000/busy}) names
     * the registry; the rest is what is searched for. Catalogs know no stars, descriptions or
     * official images, so those are 0, empty and false, and the filters read them as such.
     */
    public List<io.berth.api.model.ImageSearchResponseItem> search(String term, int limit,
                                                                    Map<String, List<String>> filters,
                                                                    io.berth.image.registry.RegistryAuth auth) {
        if (limit < 1 || limit > 100) {
            throw new InvalidArgumentException("limit " + limit + " is outside the range of [1, 100]");
        }
        for (String name : filters.keySet()) {
            if (!List.of("is-official", "is-automated", "stars").contains(name)) {
                throw new InvalidArgumentException("invalid filter '" + name + "'");
            }
        }
        int stars = 0;
        for (String value : filters.getOrDefault("stars", List.of())) {
            try {
                stars = Math.max(stars, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid filter 'stars=" + value + "'");
            }
        }
        boolean wantsFlag = filters.getOrDefault("is-official", List.of()).stream().anyMatch(Boolean::parseBoolean)
                || filters.getOrDefault("is-automated", List.of()).stream().anyMatch(Boolean::parseBoolean);
        String t = term.strip();
        String domain = "docker.io";
        int slash = t.indexOf('/');
        if (slash > 0) {
            String first = t.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                domain = first;
                t = t.substring(slash + 1);
            }
        }
        var out = new ArrayList<io.berth.api.model.ImageSearchResponseItem>();
        if (stars > 0 || wantsFlag) {
            return out;
        }
        String needle = t.toLowerCase(java.util.Locale.ROOT);
        String prefix = domain.equals("docker.io") ? "" : domain + "/";
        for (String repository : registry.catalog(domain, auth, 10_000)) {
            if (repository.toLowerCase(java.util.Locale.ROOT).contains(needle)) {
                out.add(new io.berth.api.model.ImageSearchResponseItem("", false, false, prefix + repository, 0));
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    public ImageRecord bootstrapBusybox(Optional<Path> binary) {
        ImageRecord image = BusyboxBootstrap.build(store, binary.orElse(BusyboxBootstrap.DEFAULT_BINARY));
        events.publish("image", "tag", image.id(), Map.of("name", "busybox:latest"));
        return image;
    }

    static long epochSeconds(String rfc3339) {
        try {
            return Instant.parse(rfc3339).getEpochSecond();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
