package io.berth.image.registry;

import io.berth.common.Digest;
import io.berth.common.InternalException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.common.UnauthorizedException;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.LayerBlob;
import io.berth.store.content.ContentStore;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.Manifest;
import io.berth.image.oci.MediaTypes;
import io.berth.image.ref.ImageRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * {@code docker push}: each layer blob the registry lacks is mounted from another repository of
 * the same registry that has it (as the image's repo digests tell), or uploaded whole; then the
 * config, then the manifest under the tag. Compressed layers keep the blobs (and media types)
 * they were stored with, so a pulled image pushes back with the same digests; a plain tar (a
 * loaded or bootstrapped image) is pushed gzip-compressed, as Docker does, and the compressed copy
 * replaces it in the store so later pushes give the same digests. The manifest is Docker's v2
 * schema 2, or OCI when a layer has an OCI-only media type (zstd).
 */
public final class ImagePusher {
    /** Docker's {@code max-concurrent-uploads} default. */
    static final int CONCURRENT_UPLOADS = 5;
    private static final long PROGRESS_STEP = 512 * 1024;

    /** Blobs larger than this go up in chunks of this size ({@code PATCH} with {@code Content-Range}, then {@code PUT}). */
    static final int DEFAULT_CHUNK = 8 << 20;

    private final RegistryClient registry;
    private final ImageStore store;
    private final int chunkSize;

    public ImagePusher(RegistryClient registry, ImageStore store) {
        this(registry, store, DEFAULT_CHUNK);
    }

    ImagePusher(RegistryClient registry, ImageStore store, int chunkSize) {
        this.registry = registry;
        this.store = store;
        this.chunkSize = chunkSize;
    }

    /** What was pushed: the manifest's digest and size. */
    public record Result(Digest digest, long size) {}

    /** Pushes {@code image} as {@code target} (which has a tag); reports on {@code listener}. */
    public Result push(ImageRecord image, ImageRef target, RegistryAuth auth, Progress.Listener listener) {
        var repository = registry.repository(target, auth, true);
        String tag = target.tag().orElseThrow(() -> new IllegalArgumentException("push needs a tag"));
        boolean oci = image.layers().stream().anyMatch(l -> isOciOnly(l.mediaType()));

        var layers = image.layers();
        for (var layer : layers) {
            listener.on(new Progress.Status(shortDiffId(layer), "Preparing"));
        }
        var slots = new Semaphore(CONCURRENT_UPLOADS);
        for (int i = CONCURRENT_UPLOADS; i < layers.size(); i++) {
            listener.on(new Progress.Status(shortDiffId(layers.get(i)), "Waiting"));
        }
        var descriptors = new Descriptor[layers.size()];
        var compressed = new java.util.concurrent.ConcurrentHashMap<Integer, LayerBlob>();
        try (var executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("push-", 0).factory())) {
            var futures = new ArrayList<Future<?>>();
            var pushed = new java.util.concurrent.ConcurrentHashMap<Digest, Boolean>();
            for (int i = 0; i < layers.size(); i++) {
                int index = i;
                var layer = layers.get(i);
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        LayerBlob blob = pushable(layer);
                        if (!blob.digest().toString().equals(layer.blobDigest())) {
                            compressed.put(index, blob);
                        }
                        descriptors[index] = new Descriptor(layerType(blob.mediaType(), oci), blob.digest().toString(),
                                blob.size());
                        if (pushed.putIfAbsent(blob.digest(), true) == null) {
                            pushLayer(repository, image, target, layer, blob, listener);
                        } else {
                            listener.on(new Progress.Status(shortDiffId(layer), "Layer already exists"));
                        }
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    executor.shutdownNow();
                    throw e.getCause() instanceof RuntimeException re ? re
                            : new InternalException("pushing layers: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("push interrupted", e);
        }
        // the compressed copies replace the plain tars, so the next push (and pull) sees the same digests
        compressed.forEach((index, blob) -> store.replaceLayerBlob(image.id(), index, blob));

        Digest config = Digest.parse(image.id());
        long configSize = store.content().size(config);
        if (!repository.hasBlob(config)) {
            repository.upload(config, configSize, () -> store.content().open(config));
        }
        String manifestType = oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
        var manifest = new Manifest(2, manifestType,
                new Descriptor(oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG, config.toString(), configSize),
                List.of(descriptors), null);
        byte[] bytes = Json.writeBytes(manifest);
        Digest digest = repository.putManifest(tag, manifestType, bytes);
        store.addRepoDigest(image.id(), target.repository() + "@" + digest);
        listener.on(new Progress.Status("", tag + ": digest: " + digest + " size: " + bytes.length));
        listener.on(new Progress.PushResult(tag, digest.toString(), bytes.length));
        return new Result(digest, bytes.length);
    }

    /**
     * The blob to push for a layer: its stored blob when compressed; a gzip copy of a plain tar
     * (as Docker pushes them), stored in the content store.
     */
    private LayerBlob pushable(ImageRecord.LayerRecord layer) {
        Digest blob = Digest.parse(layer.blobDigest());
        if (!store.content().exists(blob)) {
            throw new NotFoundException("the blob of layer " + layer.diffId() + " (" + blob + ") is missing from the content store");
        }
        String type = layer.mediaType() == null ? MediaTypes.DOCKER_LAYER : layer.mediaType();
        if (!type.equals(MediaTypes.DOCKER_LAYER) && !type.equals(MediaTypes.OCI_LAYER)) {
            return new LayerBlob(blob, type, store.content().size(blob));
        }
        var pipe = new java.io.PipedInputStream(65536);
        java.io.PipedOutputStream sink;
        try {
            sink = new java.io.PipedOutputStream(pipe);
        } catch (IOException e) {
            throw new InternalException("compressing layer " + layer.diffId(), e);
        }
        var failure = new java.util.concurrent.atomic.AtomicReference<IOException>();
        Thread writer = Thread.ofVirtual().name("gzip-" + shortDiffId(layer)).start(() -> {
            try (var gzip = new java.util.zip.GZIPOutputStream(sink, 65536); var in = store.content().open(blob)) {
                in.transferTo(gzip);
            } catch (IOException e) {
                failure.set(e);
            }
        });
        ContentStore.Written written;
        try (pipe) {
            written = store.content().write(pipe, java.util.Optional.empty());
            writer.join();
        } catch (IOException e) {
            throw new InternalException("compressing layer " + layer.diffId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("compressing layer " + layer.diffId(), e);
        }
        if (failure.get() != null) {
            store.content().delete(written.digest());
            throw new InternalException("compressing layer " + layer.diffId() + ": " + failure.get().getMessage(), failure.get());
        }
        String gzipType = type.equals(MediaTypes.OCI_LAYER) ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.DOCKER_LAYER_GZIP;
        return new LayerBlob(written.digest(), gzipType, written.size());
    }

    private void pushLayer(RegistryClient.Repository repository, ImageRecord image, ImageRef target,
                           ImageRecord.LayerRecord layer, LayerBlob pushable, Progress.Listener listener) {
        String id = shortDiffId(layer);
        Digest blob = pushable.digest();
        if (repository.hasBlob(blob)) {
            listener.on(new Progress.Status(id, "Layer already exists"));
            return;
        }
        for (String from : mountSources(image, target)) {
            try {
                if (repository.mount(blob, from)) {
                    listener.on(new Progress.Status(id, "Mounted from "
                            + new ImageRef(target.domain(), from, java.util.Optional.empty(), java.util.Optional.empty())
                                    .familiarRepository()));
                    return;
                }
            } catch (NotFoundException | UnauthorizedException | io.berth.common.ForbiddenException e) {
                // not mountable from there: try the next, then upload
            }
        }
        long size = store.content().size(blob);
        if (size > chunkSize) {
            try (var in = new Counting(store.content().open(blob), size, id, listener)) {
                repository.uploadChunked(blob, size, in, chunkSize);
            } catch (java.io.IOException e) {
                throw new io.berth.common.InternalException("reading blob " + blob + ": " + e.getMessage(), e);
            }
        } else {
            repository.upload(blob, size, () -> new Counting(store.content().open(blob), size, id, listener));
        }
        listener.on(new Progress.Status(id, "Pushed"));
    }

    /** Other repositories of the target's registry where this image is known (from its repo digests). */
    private static List<String> mountSources(ImageRecord image, ImageRef target) {
        var out = new ArrayList<String>();
        for (String repoDigest : image.repoDigests()) {
            int at = repoDigest.indexOf('@');
            if (at < 0) {
                continue;
            }
            try {
                ImageRef known = ImageRef.parseNormalized(repoDigest.substring(0, at));
                if (known.domain().equals(target.domain()) && !known.path().equals(target.path())
                        && !out.contains(known.path())) {
                    out.add(known.path());
                }
            } catch (RuntimeException ignored) {
                // not a reference
            }
        }
        return out;
    }

    private static boolean isOciOnly(String mediaType) {
        return mediaType != null && (mediaType.endsWith("+zstd") || mediaType.startsWith("application/vnd.oci."));
    }

    /** The layer's media type in the manifest's family. */
    private static String layerType(String stored, boolean oci) {
        boolean gzip = stored != null && (stored.endsWith("gzip"));
        boolean zstd = stored != null && stored.endsWith("+zstd");
        if (oci) {
            return zstd ? MediaTypes.OCI_LAYER_ZSTD : gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER;
        }
        return gzip ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.DOCKER_LAYER;
    }

    /** Docker's ID of a layer in push progress: the first 12 hex digits of its diff ID. */
    static String shortDiffId(ImageRecord.LayerRecord layer) {
        return Digest.parse(layer.diffId()).encoded().substring(0, 12);
    }

    /** Reports "Pushing" as the upload reads the blob. */
    private static final class Counting extends FilterInputStream {
        private final long total;
        private final String id;
        private final Progress.Listener listener;
        private long count;
        private long reported = -1;

        Counting(InputStream in, long total, String id, Progress.Listener listener) {
            super(in);
            this.total = total;
            this.id = id;
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(long n) {
            count += n;
            if (reported < 0 || count - reported >= PROGRESS_STEP || count == total) {
                reported = count;
                listener.on(new Progress.Bytes(id, "Pushing", count, total));
            }
        }
    }
}
