package io.berth.image;

import io.berth.common.Digest;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.image.oci.ImageConfigFile;
import io.berth.image.ref.ImageRef;
import io.berth.store.content.ContentStore;
import io.berth.store.overlay.LayerStore;
import io.berth.store.state.StateStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPInputStream;

/**
 * Image records and tags over the state, content and layer stores. An image is added from blobs
 * already in the content store: its config and its layers; each layer is unpacked once per chain.
 *
 * <p>Lock: one store lock serialises adds, tags and removals (never held across anything but the
 * unpacking of a new layer and short state writes).
 */
public final class ImageStore {
    static final String KIND_IMAGE = "image";
    static final String KIND_TAG = "tag";
    /** A built image's parent (the image of the build step before it): id = child, body = parent. */
    static final String KIND_PARENT = "image-parent";

    private final StateStore state;
    private final ContentStore content;
    private final LayerStore layers;
    private final ReentrantLock lock = new ReentrantLock();

    public ImageStore(StateStore state, ContentStore content, LayerStore layers) {
        this.state = state;
        this.content = content;
        this.layers = layers;
    }

    public ContentStore content() {
        return content;
    }

    public LayerStore layers() {
        return layers;
    }

    /**
     * Adds (or finds) the image whose config blob is {@code configDigest}, unpacking the given
     * layer blobs in order. The config's diff IDs must match the layers.
     */
    public ImageRecord add(Digest configDigest, List<LayerBlob> layerBlobs, Optional<String> repoDigest) {
        return add(configDigest, layerBlobs, repoDigest, LayerListener.NONE);
    }

    /** What {@link #add} tells as it unpacks: a pull shows it as "Extracting" and "Pull complete". */
    public interface LayerListener {
        LayerListener NONE = new LayerListener() { };

        /** Layer {@code index} is about to be unpacked. */
        default void unpacking(int index, LayerBlob blob) { }

        /** Layer {@code index} is there: unpacked now ({@code unpacked}) or already before. */
        default void done(int index, LayerBlob blob, boolean unpacked) { }
    }

    /** {@link #add(Digest, List, Optional)}, telling {@code listener} about each layer. */
    public ImageRecord add(Digest configDigest, List<LayerBlob> layerBlobs, Optional<String> repoDigest,
                           LayerListener listener) {
        ImageConfigFile config = readConfig(configDigest);
        List<String> diffIds = config.diffIds();
        if (diffIds.size() != layerBlobs.size()) {
            throw new InvalidArgumentException("image config lists " + diffIds.size() + " layers, but "
                    + layerBlobs.size() + " were given");
        }
        lock.lock();
        try {
            var existing = byId(configDigest.toString());
            if (existing.isPresent()) {
                if (repoDigest.isPresent() && !existing.get().repoDigests().contains(repoDigest.get())) {
                    var digests = new ArrayList<>(existing.get().repoDigests());
                    digests.add(repoDigest.get());
                    var updated = new ImageRecord(existing.get().id(), existing.get().layers(), existing.get().size(),
                            existing.get().created(), digests, existing.get().lastTagTime());
                    save(updated);
                    return updated;
                }
                return existing.get();
            }
            var records = new ArrayList<ImageRecord.LayerRecord>();
            Optional<Digest> parent = Optional.empty();
            long size = 0;
            for (int i = 0; i < layerBlobs.size(); i++) {
                LayerBlob blob = layerBlobs.get(i);
                Digest diffId = Digest.parse(diffIds.get(i));
                Digest chain = LayerStore.chainId(parent, diffId);
                boolean unpack = !layers.exists(chain);
                if (unpack) {
                    listener.unpacking(i, blob);
                    unpackLayer(parent, blob, diffId);
                }
                listener.done(i, blob, unpack);
                size += layers.size(chain);
                records.add(new ImageRecord.LayerRecord(chain.toString(), diffId.toString(), blob.digest().toString(),
                        blob.mediaType(), blob.size()));
                parent = Optional.of(chain);
            }
            var record = new ImageRecord(configDigest.toString(), records, size,
                    config.created() == null ? "0001-01-01T00:00:00Z" : config.created(),
                    repoDigest.map(List::of).orElse(List.of()), "");
            save(record);
            return record;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unpacks a layer blob from the content store on top of {@code parent} unless its chain is
     * there already; checks the diff ID the image config gives. Safe beside other unpacks (a layer
     * is built in a directory of its own and renamed into place), so a pull can unpack the layers
     * it has while it still downloads the others; {@link #add} then finds them in place.
     */
    public void unpackLayer(Optional<Digest> parent, LayerBlob blob, Digest diffId) {
        if (layers.exists(LayerStore.chainId(parent, diffId))) {
            return;
        }
        try (InputStream tar = uncompressed(content.open(blob.digest()))) {
            var layer = layers.unpack(parent, tar);
            if (!layer.diffId().equals(diffId)) {
                layers.removeLayer(layer.chainId());
                throw new InvalidArgumentException("layer " + blob.digest() + " has diff ID "
                        + layer.diffId() + ", the image config says " + diffId);
            }
        } catch (IOException e) {
            throw new InternalException("reading layer " + blob.digest(), e);
        }
    }

    /** Opens a layer blob as an uncompressed tar stream (gzip and zstd are told by their magic bytes). */
    public static InputStream uncompressed(InputStream blob) throws IOException {
        var in = new BufferedInputStream(blob, 65536);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 65536);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream(in);
        }
        return in;
    }

    /**
     * Points layer {@code index} of an image at another blob of the same content (a compressed copy
     * made for a push); the old blob goes when no other image's layer uses it.
     */
    public ImageRecord replaceLayerBlob(String imageId, int index, LayerBlob blob) {
        lock.lock();
        try {
            var image = byId(imageId).orElseThrow(() -> NotFoundException.image(imageId));
            var layersNow = new ArrayList<>(image.layers());
            var old = layersNow.get(index);
            layersNow.set(index, new ImageRecord.LayerRecord(old.chainId(), old.diffId(), blob.digest().toString(),
                    blob.mediaType(), blob.size()));
            var updated = new ImageRecord(image.id(), layersNow, image.size(), image.created(), image.repoDigests(),
                    image.lastTagTime());
            save(updated);
            boolean used = list().stream().flatMap(i -> i.layers().stream())
                    .anyMatch(l -> l.blobDigest().equals(old.blobDigest()));
            if (!used) {
                content.delete(Digest.parse(old.blobDigest()));
            }
            return updated;
        } finally {
            lock.unlock();
        }
    }

    /** Records that a registry knows the image as {@code repoDigest} ({@code repo@sha256:…}), after a push. */
    public void addRepoDigest(String imageId, String repoDigest) {
        lock.lock();
        try {
            var image = byId(imageId).orElseThrow(() -> NotFoundException.image(imageId));
            if (image.repoDigests().contains(repoDigest)) {
                return;
            }
            var digests = new ArrayList<>(image.repoDigests());
            digests.add(repoDigest);
            save(new ImageRecord(image.id(), image.layers(), image.size(), image.created(), digests, image.lastTagTime()));
        } finally {
            lock.unlock();
        }
    }

    private void save(ImageRecord record) {
        state.put(KIND_IMAGE, record.id(), null, Json.write(record));
    }

    public ImageConfigFile readConfig(Digest configDigest) {
        return Json.read(content.read(configDigest), ImageConfigFile.class);
    }

    public byte[] configBytes(ImageRecord image) {
        return content.read(Digest.parse(image.id()));
    }

    public Optional<ImageRecord> byId(String id) {
        return state.get(KIND_IMAGE, id).map(d -> Json.read(d.body(), ImageRecord.class));
    }

    public List<ImageRecord> list() {
        return state.list(KIND_IMAGE).stream().map(d -> Json.read(d.body(), ImageRecord.class)).toList();
    }

    /**
     * Finds an image the way Docker does: a full ID, a reference (tag or digest), then an ID
     * prefix. Throws {@link NotFoundException} ("No such image: …").
     */
    public ImageRecord resolve(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> NotFoundException.image(displayName(nameOrId)));
    }

    public Optional<ImageRecord> find(String nameOrId) {
        String s = nameOrId.strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String hex = s.startsWith("sha256:") ? s.substring(7) : s;
        if (hex.matches("[a-f0-9]{64}")) {
            var byId = byId("sha256:" + hex);
            if (byId.isPresent()) {
                return byId;
            }
        }
        ImageRef ref = null;
        try {
            ref = ImageRef.parse(s);
        } catch (InvalidArgumentException e) {
            if (!hex.matches("[a-f0-9]{1,63}")) {
                throw e; // neither a reference nor an ID prefix: Docker's "invalid reference format"
            }
        }
        if (ref != null) {
            if (ref.digest().isPresent()) {
                String wanted = ref.repository() + "@" + ref.digest().get();
                for (ImageRecord image : list()) {
                    if (image.repoDigests().contains(wanted)) {
                        return Optional.of(image);
                    }
                }
            } else {
                var tagged = state.get(KIND_TAG, ref.canonical());
                if (tagged.isPresent()) {
                    return byId(tagged.get().body());
                }
            }
        }
        if (hex.matches("[a-f0-9]{1,63}")) {
            ImageRecord match = null;
            for (ImageRecord image : list()) {
                if (image.id().startsWith("sha256:" + hex)) {
                    if (match != null) {
                        throw new InvalidArgumentException("ambiguous image ID prefix: " + s);
                    }
                    match = image;
                }
            }
            return Optional.ofNullable(match);
        }
        return Optional.empty();
    }

    /** How Docker names a missing image in messages: references get their default tag. */
    public static String displayName(String nameOrId) {
        try {
            if (ImageRef.looksLikeReference(nameOrId)) {
                return ImageRef.parse(nameOrId).familiar();
            }
        } catch (InvalidArgumentException e) {
            // fall through
        }
        return nameOrId;
    }

    /** Points {@code ref} at the image (moving it from another image if needed). */
    public void tag(ImageRef ref, String imageId) {
        if (ref.tag().isEmpty()) {
            throw new InvalidArgumentException("refusing to tag without a tag: " + ref.familiar());
        }
        lock.lock();
        try {
            var image = byId(imageId).orElseThrow(() -> NotFoundException.image(imageId));
            state.inTransaction(tx -> {
                tx.put(KIND_TAG, ref.canonical(), null, imageId);
                var updated = new ImageRecord(image.id(), image.layers(), image.size(), image.created(),
                        image.repoDigests(), Instant.now().toString());
                tx.put(KIND_IMAGE, image.id(), null, Json.write(updated));
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    /** Removes a tag; returns the image it pointed to, if any. */
    public Optional<String> untag(ImageRef ref) {
        lock.lock();
        try {
            var doc = state.get(KIND_TAG, ref.canonical());
            doc.ifPresent(d -> state.delete(KIND_TAG, ref.canonical()));
            return doc.map(StateStore.Document::body);
        } finally {
            lock.unlock();
        }
    }

    /** The tags pointing at an image, as parsed references. */
    public List<ImageRef> tags(String imageId) {
        var out = new ArrayList<ImageRef>();
        for (var doc : state.list(KIND_TAG)) {
            if (doc.body().equals(imageId)) {
                out.add(ImageRef.parse(doc.id()));
            }
        }
        return out;
    }

    /** What {@link #collectGarbage} removed. */
    public record Collected(int blobs, int layers) {}

    /**
     * Removes the blobs and unpacked layers no image refers to: what a daemon killed in the middle of
     * a pull, load or build left behind (named blobs and layers of an image never registered). Run
     * at start-up, before anything else writes to the store.
     */
    public Collected collectGarbage() {
        lock.lock();
        try {
            Set<String> usedChains = new HashSet<>();
            Set<String> usedBlobs = new HashSet<>();
            for (ImageRecord image : list()) {
                usedBlobs.add(image.id());
                for (var layer : image.layers()) {
                    usedChains.add(layer.chainId());
                    usedBlobs.add(layer.blobDigest());
                }
            }
            int blobs = 0;
            for (Digest digest : content.list()) {
                if (!usedBlobs.contains(digest.toString())) {
                    content.delete(digest);
                    blobs++;
                }
            }
            int removed = 0;
            for (Digest chain : layers.layerChains()) {
                if (!usedChains.contains(chain.toString())) {
                    layers.removeLayer(chain);
                    removed++;
                }
            }
            return new Collected(blobs, removed);
        } finally {
            lock.unlock();
        }
    }

    /** Deletes an image record, its config blob and the layers and blobs no other image uses. */
    public void remove(String imageId) {
        lock.lock();
        try {
            var image = byId(imageId).orElseThrow(() -> NotFoundException.image(imageId));
            Set<String> usedChains = new HashSet<>();
            Set<String> usedBlobs = new HashSet<>();
            for (ImageRecord other : list()) {
                if (other.id().equals(imageId)) {
                    continue;
                }
                for (var layer : other.layers()) {
                    usedChains.add(layer.chainId());
                    usedBlobs.add(layer.blobDigest());
                }
            }
            state.inTransaction(tx -> {
                for (var doc : tx.list(KIND_TAG)) {
                    if (doc.body().equals(imageId)) {
                        tx.delete(KIND_TAG, doc.id());
                    }
                }
                tx.delete(KIND_IMAGE, imageId);
                tx.delete(KIND_PARENT, imageId);
                return null;
            });
            content.delete(Digest.parse(imageId));
            for (var layer : image.layers()) {
                if (!usedChains.contains(layer.chainId())) {
                    layers.removeLayer(Digest.parse(layer.chainId()));
                }
                if (!usedBlobs.contains(layer.blobDigest())) {
                    content.delete(Digest.parse(layer.blobDigest()));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records that {@code imageId} was built on {@code parentId} (Docker's {@code Parent}). */
    public void setParent(String imageId, String parentId) {
        state.put(KIND_PARENT, imageId, null, parentId);
    }

    /** The image a built image was made from, if it was built here. */
    public Optional<String> parent(String imageId) {
        return state.get(KIND_PARENT, imageId).map(StateStore.Document::body);
    }

    /** The images built directly on {@code imageId}. */
    public List<String> children(String imageId) {
        return state.list(KIND_PARENT).stream().filter(d -> d.body().equals(imageId)).map(StateStore.Document::id)
                .toList();
    }

    /** Chain IDs of an image's layers, bottom first (what the overlay mount needs). */
    public static List<Digest> chainIds(ImageRecord image) {
        return image.layers().stream().map(l -> Digest.parse(l.chainId())).toList();
    }
}
