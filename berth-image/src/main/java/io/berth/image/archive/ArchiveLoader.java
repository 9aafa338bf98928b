package io.berth.image.archive;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Digest;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.LayerBlob;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageConfigFile;
import io.berth.image.oci.Index;
import io.berth.image.oci.Manifest;
import io.berth.image.oci.MediaTypes;
import io.berth.image.ref.ImageRef;
import io.berth.store.overlay.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * {@code docker load}: reads a docker-archive or an OCI image layout (or Docker 25's tarball that
 * is both; {@code manifest.json} wins), checks everything it can before registering anything,
 * registers the images, then tags them.
 *
 * <p>All or nothing: when anything fails, the images this load added are removed again, and the
 * layers it unpacked and the blobs it stored go with them. On success, the blobs the archive
 * carried that no image uses (OCI manifests and indexes, other platforms' layers) are removed.
 */
final class ArchiveLoader {
    static final String DOCKER_MANIFEST = "manifest.json";
    static final String OCI_INDEX = "index.json";
    static final String ANNOTATION_IMAGE_NAME = "io.containerd.image.name";
    static final String ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";
    private static final String ANNOTATION_REFERENCE_TYPE = "vnd.docker.reference.type";
    private static final int MAX_INDEX_DEPTH = 8;
    private static final Set<String> IMAGE_TYPES = Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST,
            MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST);
    private static final System.Logger LOG = System.getLogger(ArchiveLoader.class.getName());

    private final ImageStore images;
    private final Path tempParent;

    ArchiveLoader(ImageStore images, Path tempParent) {
        this.images = images;
        this.tempParent = tempParent;
    }

    /** An image found in the archive, its blobs already in the content store. */
    private record ImageSpec(Digest config, ImageConfigFile configFile, List<LayerBlob> layers, List<ImageRef> tags) {}

    LoadResult load(InputStream archive) {
        var entries = new ArchiveEntries(images.content(), tempParent);
        try (entries) {
            try {
                entries.readTar(Compression.decompressed(archive, "the archive"));
            } catch (IOException e) {
                throw new InvalidArgumentException("invalid archive: " + e.getMessage(), e);
            }
            List<ImageSpec> specs;
            if (entries.has(DOCKER_MANIFEST)) {
                specs = fromDockerManifest(entries);
            } else if (entries.has(OCI_INDEX)) {
                specs = fromOciIndex(entries);
            } else {
                throw new InvalidArgumentException("invalid archive: it holds neither " + DOCKER_MANIFEST + " (docker-archive)"
                        + " nor " + OCI_INDEX + " (OCI image layout)");
            }
            List<ImageSpec> merged = mergeById(specs);
            List<ImageRecord> records = register(merged);
            return tag(merged, records);
        } finally {
            removeUnusedBlobs(entries.created());
        }
    }

    // --- docker-archive ----------------------------------------------------------------------

    private List<ImageSpec> fromDockerManifest(ArchiveEntries entries) {
        byte[] json = entries.bytes(DOCKER_MANIFEST, entries.require(DOCKER_MANIFEST, "file"));
        List<DockerManifestItem> items;
        try {
            items = Json.read(json, new TypeReference<List<DockerManifestItem>>() {});
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid archive: " + DOCKER_MANIFEST + ": " + e.getMessage(), e);
        }
        var specs = new ArrayList<ImageSpec>();
        for (DockerManifestItem item : items == null ? List.<DockerManifestItem>of() : items) {
            if (item == null || item.config() == null || item.config().isBlank()) {
                throw new InvalidArgumentException("invalid archive: an image in " + DOCKER_MANIFEST + " has no Config");
            }
            Digest configDigest = entries.store(entries.require(item.config(), "image config"));
            ImageConfigFile config = readConfig(configDigest, item.config());
            List<String> layerPaths = item.layers() == null ? List.of() : item.layers();
            List<Digest> diffIds = checkConfig(config, layerPaths.size(), item.config());
            var layers = new ArrayList<LayerBlob>();
            for (int i = 0; i < layerPaths.size(); i++) {
                String path = layerPaths.get(i);
                layers.add(dockerLayer(entries, path, entries.require(path, "layer"), diffIds.get(i)));
            }
            var tags = new ArrayList<ImageRef>();
            for (String repoTag : item.repoTags() == null ? List.<String>of() : item.repoTags()) {
                tags.add(repoTag(repoTag));
            }
            specs.add(new ImageSpec(configDigest, config, layers, tags));
        }
        return specs;
    }

    /** A docker-archive layer: Docker writes it uncompressed, but accepts gzip and bzip2 too. */
    private static LayerBlob dockerLayer(ArchiveEntries entries, String path, ArchiveEntries.Entry entry, Digest diffId) {
        return switch (ArchiveEntries.compression(entry)) {
            case NONE -> {
                requireDiffId(entry.digest(), diffId, path);
                yield new LayerBlob(entries.store(entry), MediaTypes.DOCKER_LAYER, entry.size());
            }
            case GZIP -> new LayerBlob(entries.store(entry), MediaTypes.DOCKER_LAYER_GZIP, entry.size());
            case BZIP2 -> {
                // the image store reads gzip and plain tars only: keep the uncompressed layer instead
                try {
                    entries.storeAs(diffId, () -> ArchiveEntries.guarded(new BZip2CompressorInputStream(entry.open(), true),
                            "invalid archive: layer " + path + " is not valid bzip2"));
                } catch (InvalidArgumentException e) {
                    throw new InvalidArgumentException("invalid archive: layer " + path + ": " + e.getMessage(), e);
                }
                yield new LayerBlob(diffId, MediaTypes.DOCKER_LAYER, entries.storedSize(diffId));
            }
            case XZ, ZSTD -> throw new InvalidArgumentException("invalid archive: layer " + path + " is "
                    + ArchiveEntries.compression(entry).name().toLowerCase(java.util.Locale.ROOT)
                    + "-compressed, which is not supported");
        };
    }

    private static ImageRef repoTag(String repoTag) {
        ImageRef ref;
        try {
            ref = ImageRef.parseNormalized(repoTag);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid archive: invalid tag \"" + repoTag + "\" in " + DOCKER_MANIFEST, e);
        }
        if (ref.tag().isEmpty() || ref.digest().isPresent()) {
            throw new InvalidArgumentException("invalid archive: invalid tag \"" + repoTag + "\" in " + DOCKER_MANIFEST);
        }
        return ref;
    }

    // --- OCI image layout --------------------------------------------------------------------

    private List<ImageSpec> fromOciIndex(ArchiveEntries entries) {
        Index index = readJson(entries, OCI_INDEX, entries.require(OCI_INDEX, "file"), Index.class);
        // other artifacts may share the layout: only manifests and indexes are images
        var descriptors = usable(index.manifests()).stream()
                .filter(d -> d.mediaType() == null || IMAGE_TYPES.contains(d.mediaType()))
                .toList();
        if (descriptors.isEmpty()) {
            throw new InvalidArgumentException("invalid archive: " + OCI_INDEX + " lists no images");
        }
        // an index.json that lists one manifest per platform directly: keep the host's
        var withPlatform = descriptors.stream().filter(d -> d.platform() != null && isManifest(entries, d)).toList();
        if (withPlatform.stream().anyMatch(d -> Platforms.matchesHost(d.platform()))) {
            descriptors = descriptors.stream()
                    .filter(d -> !withPlatform.contains(d) || Platforms.matchesHost(d.platform())).toList();
        }
        var specs = new ArrayList<ImageSpec>();
        for (Descriptor descriptor : descriptors) {
            Descriptor manifest = chooseManifest(entries, descriptor, 0);
            specs.add(fromOciManifest(entries, manifest, tagsOf(descriptor)));
        }
        return specs;
    }

    /** Descriptors of images: attestations and other artifacts without a platform are left out. */
    private static List<Descriptor> usable(List<Descriptor> descriptors) {
        if (descriptors == null) {
            return List.of();
        }
        return descriptors.stream()
                .filter(d -> d != null && d.digest() != null)
                .filter(d -> d.annotations() == null || !d.annotations().containsKey(ANNOTATION_REFERENCE_TYPE))
                .filter(d -> d.platform() == null || !"unknown".equals(d.platform().os()))
                .toList();
    }

    /** Follows nested indexes down to one image manifest, picking the host's platform. */
    private Descriptor chooseManifest(ArchiveEntries entries, Descriptor descriptor, int depth) {
        if (isManifest(entries, descriptor)) {
            return descriptor;
        }
        if (depth >= MAX_INDEX_DEPTH) {
            throw new InvalidArgumentException("invalid archive: indexes are nested too deeply");
        }
        Digest digest = digest(descriptor);
        Index nested = readJson(entries, digest.toString(), entries.blob(digest, "index"), Index.class);
        var candidates = usable(nested.manifests());
        if (candidates.isEmpty()) {
            throw new InvalidArgumentException("invalid archive: index " + digest + " lists no images");
        }
        if (candidates.size() == 1) {
            return chooseManifest(entries, candidates.getFirst(), depth + 1);
        }
        var seen = new ArrayList<String>();
        for (Descriptor candidate : candidates) {
            var platform = candidate.platform() != null ? candidate.platform() : platformOf(entries, candidate);
            if (Platforms.matchesHost(platform)) {
                return chooseManifest(entries, candidate, depth + 1);
            }
            seen.add(Platforms.describe(platform));
        }
        throw new InvalidArgumentException("invalid archive: index " + digest + " has no image for "
                + Platforms.host() + " (it has " + String.join(", ", seen) + ")");
    }

    /** The platform of a manifest without one in its descriptor, from its config. */
    private Descriptor.Platform platformOf(ArchiveEntries entries, Descriptor descriptor) {
        if (!isManifest(entries, descriptor)) {
            return null;
        }
        try {
            Digest digest = digest(descriptor);
            Manifest manifest = readJson(entries, digest.toString(), entries.blob(digest, "manifest"), Manifest.class);
            if (manifest.config() == null || manifest.config().digest() == null) {
                return null;
            }
            Digest configDigest = Digest.parse(manifest.config().digest());
            var config = readJson(entries, configDigest.toString(), entries.blob(configDigest, "image config"),
                    ImageConfigFile.class);
            return new Descriptor.Platform(config.architecture(), config.os(), config.variant());
        } catch (InvalidArgumentException e) {
            return null;
        }
    }

    private static boolean isManifest(ArchiveEntries entries, Descriptor descriptor) {
        String type = descriptor.mediaType();
        if (MediaTypes.OCI_MANIFEST.equals(type) || MediaTypes.DOCKER_MANIFEST.equals(type)) {
            return true;
        }
        if (MediaTypes.OCI_INDEX.equals(type) || MediaTypes.DOCKER_MANIFEST_LIST.equals(type)) {
            return false;
        }
        if (type == null || type.isEmpty()) {
            // no media type in the descriptor: tell by the document's shape
            var blob = entries.find(ArchiveEntries.blobPath(digest(descriptor)));
            if (blob.isPresent()) {
                JsonNode tree = Json.tree(entries.bytes(descriptor.digest(), blob.get()));
                return !tree.has("manifests");
            }
            return true;
        }
        throw new InvalidArgumentException("invalid archive: " + descriptor.digest() + " has the unsupported media type "
                + type);
    }

    private ImageSpec fromOciManifest(ArchiveEntries entries, Descriptor descriptor, List<ImageRef> tags) {
        Digest manifestDigest = digest(descriptor);
        String where = "manifest " + manifestDigest;
        Manifest manifest = readJson(entries, where, entries.blob(manifestDigest, "manifest"), Manifest.class);
        if (manifest.mediaType() != null && !MediaTypes.OCI_MANIFEST.equals(manifest.mediaType())
                && !MediaTypes.DOCKER_MANIFEST.equals(manifest.mediaType())) {
            throw new InvalidArgumentException("invalid archive: " + where + " has the unsupported media type "
                    + manifest.mediaType());
        }
        if (manifest.config() == null || manifest.config().digest() == null) {
            throw new InvalidArgumentException("invalid archive: " + where + " names no config");
        }
        String configType = manifest.config().mediaType();
        if (configType != null && !MediaTypes.OCI_CONFIG.equals(configType) && !MediaTypes.DOCKER_CONFIG.equals(configType)) {
            throw new InvalidArgumentException("invalid archive: " + where + " is not a container image (its config is "
                    + configType + ")");
        }
        Digest configDigest = digest(manifest.config());
        entries.store(entries.blob(configDigest, "image config"));
        ImageConfigFile config = readConfig(configDigest, ArchiveEntries.blobPath(configDigest));
        List<Descriptor> layerDescriptors = manifest.layers() == null ? List.of() : manifest.layers();
        List<Digest> diffIds = checkConfig(config, layerDescriptors.size(), where);
        var layers = new ArrayList<LayerBlob>();
        for (int i = 0; i < layerDescriptors.size(); i++) {
            Descriptor layer = layerDescriptors.get(i);
            String type = layer.mediaType() == null ? MediaTypes.OCI_LAYER : layer.mediaType();
            if (type.endsWith("+zstd") || type.endsWith(".zstd")) {
                throw new InvalidArgumentException("invalid archive: layer " + layer.digest()
                        + " is zstd-compressed, which is not supported");
            }
            if (!Set.of(MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER,
                    MediaTypes.DOCKER_LAYER_GZIP).contains(type)) {
                throw new InvalidArgumentException("invalid archive: layer " + layer.digest()
                        + " has the unsupported media type " + type);
            }
            Digest layerDigest = digest(layer);
            var entry = entries.blob(layerDigest, "layer");
            switch (ArchiveEntries.compression(entry)) {
                case NONE -> requireDiffId(layerDigest, diffIds.get(i), ArchiveEntries.blobPath(layerDigest));
                case GZIP -> { }
                default -> throw new InvalidArgumentException("invalid archive: layer " + layerDigest
                        + " is neither a tar nor gzip-compressed");
            }
            layers.add(new LayerBlob(entries.store(entry), type, entry.size()));
        }
        return new ImageSpec(configDigest, config, layers, tags);
    }

    /** The tag an index descriptor names: Docker's full image name, else a full reference in the OCI ref name. */
    private static List<ImageRef> tagsOf(Descriptor descriptor) {
        Map<String, String> annotations = descriptor.annotations() == null ? Map.of() : descriptor.annotations();
        String name = annotations.get(ANNOTATION_IMAGE_NAME);
        if (name == null) {
            String refName = annotations.get(ANNOTATION_REF_NAME);
            // a bare "latest" is a tag without a repository: nothing to name the image by
            if (refName != null && (refName.contains(":") || refName.contains("/"))) {
                name = refName;
            }
        }
        if (name == null || name.isBlank()) {
            return List.of();
        }
        ImageRef ref;
        try {
            ref = ImageRef.parse(name);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid archive: invalid image name \"" + name + "\" in " + OCI_INDEX, e);
        }
        return ref.tag().isPresent() && ref.digest().isEmpty() ? List.of(ref) : List.of();
    }

    // --- shared checks -----------------------------------------------------------------------

    private ImageConfigFile readConfig(Digest digest, String where) {
        try {
            return images.readConfig(digest);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid archive: image config " + where + ": " + e.getMessage(), e);
        }
    }

    /** Checks a config against its manifest; returns its diff IDs. */
    private static List<Digest> checkConfig(ImageConfigFile config, int layerCount, String where) {
        if (config.os() != null && !config.os().isEmpty() && !Platforms.OS.equals(config.os())) {
            throw new InvalidArgumentException("image operating system \"" + config.os()
                    + "\" cannot be used on this platform");
        }
        if (config.diffIds().size() != layerCount) {
            throw new InvalidArgumentException("invalid archive: the image config of " + where + " lists "
                    + config.diffIds().size() + " layers, its manifest " + layerCount);
        }
        var diffIds = new ArrayList<Digest>();
        for (String diffId : config.diffIds()) {
            try {
                diffIds.add(Digest.parse(diffId));
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("invalid archive: the image config of " + where
                        + " has an invalid diff ID " + diffId, e);
            }
        }
        return diffIds;
    }

    private static void requireDiffId(Digest actual, Digest diffId, String path) {
        if (!actual.equals(diffId)) {
            throw new InvalidArgumentException("invalid archive: layer " + path + " has diff ID " + actual
                    + ", the image config says " + diffId);
        }
    }

    private static Digest digest(Descriptor descriptor) {
        if (descriptor.digest() == null) {
            throw new InvalidArgumentException("invalid archive: a descriptor has no digest");
        }
        try {
            return Digest.parse(descriptor.digest());
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid archive: unsupported digest " + descriptor.digest(), e);
        }
    }

    private static <T> T readJson(ArchiveEntries entries, String where, ArchiveEntries.Entry entry, Class<T> type) {
        T value;
        try {
            value = Json.read(entries.bytes(where, entry), type);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid archive: " + where + ": " + e.getMessage(), e);
        }
        if (value == null) {
            throw new InvalidArgumentException("invalid archive: " + where + " is empty");
        }
        return value;
    }

    // --- registering -------------------------------------------------------------------------

    /** One spec per image, its tags gathered from every place the archive names it. */
    private static List<ImageSpec> mergeById(List<ImageSpec> specs) {
        var byId = new LinkedHashMap<Digest, ImageSpec>();
        for (ImageSpec spec : specs) {
            byId.merge(spec.config(), spec, (a, b) -> {
                var tags = new LinkedHashSet<>(a.tags());
                tags.addAll(b.tags());
                return new ImageSpec(a.config(), a.configFile(), a.layers(), List.copyOf(tags));
            });
        }
        return byId.values().stream()
                .map(s -> new ImageSpec(s.config(), s.configFile(), s.layers(), List.copyOf(new LinkedHashSet<>(s.tags()))))
                .toList();
    }

    private List<ImageRecord> register(List<ImageSpec> specs) {
        var added = new ArrayList<String>();
        var newChains = new LinkedHashSet<Digest>();
        var records = new ArrayList<ImageRecord>();
        try {
            for (ImageSpec spec : specs) {
                boolean existed = images.byId(spec.config().toString()).isPresent();
                Optional<Digest> parent = Optional.empty();
                for (String diffId : spec.configFile().diffIds()) {
                    Digest chain = LayerStore.chainId(parent, Digest.parse(diffId));
                    if (!images.layers().exists(chain)) {
                        newChains.add(chain);
                    }
                    parent = Optional.of(chain);
                }
                records.add(images.add(spec.config(), spec.layers(), Optional.empty()));
                if (!existed) {
                    added.add(spec.config().toString());
                }
            }
            return records;
        } catch (RuntimeException e) {
            rollBack(added, newChains);
            throw e;
        }
    }

    private void rollBack(List<String> addedImages, Set<Digest> newChains) {
        for (String id : addedImages.reversed()) {
            try {
                images.remove(id);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "removing image {0} after a failed load: {1}", id, e.getMessage());
            }
        }
        var used = new HashSet<String>();
        for (ImageRecord image : images.list()) {
            image.layers().forEach(l -> used.add(l.chainId()));
        }
        for (Digest chain : newChains) {
            if (!used.contains(chain.toString())) {
                images.layers().removeLayer(chain);
            }
        }
    }

    private LoadResult tag(List<ImageSpec> specs, List<ImageRecord> records) {
        var loaded = new ArrayList<LoadResult.LoadedImage>();
        var messages = new ArrayList<String>();
        for (int i = 0; i < specs.size(); i++) {
            ImageRecord image = records.get(i);
            for (ImageRef ref : specs.get(i).tags()) {
                images.find(ref.canonical())
                        .filter(old -> !old.id().equals(image.id()))
                        .ifPresent(old -> messages.add("The image " + ref.familiar()
                                + " already exists, renaming the old one with ID " + old.id() + " to empty string"));
                images.tag(ref, image.id());
                messages.add("Loaded image: " + ref.familiar());
            }
            if (specs.get(i).tags().isEmpty()) {
                messages.add("Loaded image ID: " + image.id());
            }
            loaded.add(new LoadResult.LoadedImage(image.id(), specs.get(i).tags()));
        }
        return new LoadResult(loaded, messages);
    }

    /** Removes the blobs this load stored that no image uses (all of them when it failed). */
    private void removeUnusedBlobs(Set<Digest> created) {
        if (created.isEmpty()) {
            return;
        }
        var used = new HashSet<String>();
        for (ImageRecord image : images.list()) {
            used.add(image.id());
            image.layers().forEach(l -> used.add(l.blobDigest()));
        }
        for (Digest digest : created) {
            if (!used.contains(digest.toString())) {
                try {
                    images.content().delete(digest);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "removing unused blob {0}: {1}", digest, e.getMessage());
                }
            }
        }
    }
}
