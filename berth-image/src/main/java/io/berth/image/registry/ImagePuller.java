package io.berth.image.registry;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * {@code docker pull}: in two steps, so that the API can answer an error with its status before the
 * first byte of the progress stream: {@link #resolve} fetches the manifest (through an index to the
 * platform's manifest) and checks it; {@link #pull} downloads the config and the layers (three at a
 * time, each verified against its digest by the content store before it is named), unpacks each
 * layer as soon as it and the ones below it are in (while the later ones still download), registers
 * the image and tags it, reporting Docker's progress messages on the way.
 */
public final class ImagePuller {
    /** Docker's {@code max-concurrent-downloads} default. */
    static final int CONCURRENT_DOWNLOADS = 3;
    private static final Set<String> LAYER_TYPES = Set.of(MediaTypes.DOCKER_LAYER, MediaTypes.DOCKER_LAYER_GZIP,
            MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_ZSTD,
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
    private static final long PROGRESS_STEP = 512 * 1024;

    private static final System.Logger LOG = System.getLogger(ImagePuller.class.getName());
    private final RegistryClient registry;
    private final ImageStore store;

    public ImagePuller(RegistryClient registry, ImageStore store) {
        this.registry = registry;
        this.store = store;
    }

    /** A manifest found and checked: what {@link #pull} downloads. */
    public record Resolved(ImageRef ref, RegistryClient.Repository repository, Digest digest, Manifest manifest) {
        /** {@code latest} or the digest: what Docker shows against "Pulling from". */
        public String tagOrDigest() {
            return ref.digest().map(Digest::toString).orElseGet(() -> ref.tag().orElse("latest"));
        }
    }

    /** What a pull did: the image, and whether it is new (not already there under this name). */
    public record Result(ImageRecord image, boolean newer) {}

    /** Fetches and checks the manifest of {@code ref} (by tag or digest) for {@code platform}. */
    public Resolved resolve(ImageRef ref, Optional<Platform> platform, RegistryAuth auth) {
        for (var mirror : registry.mirrors(ref)) {
            try {
                return resolve(ref, platform, mirror);
            } catch (BerthException e) {
                LOG.log(System.Logger.Level.INFO, "mirror " + mirror.base() + " failed for " + ref.familiar()
                        + ", trying the next source: " + e.getMessage());
            }
        }
        return resolve(ref, platform, registry.repository(ref, auth, false));
    }

    private Resolved resolve(ImageRef ref, Optional<Platform> platform, RegistryClient.Repository repository) {
        String reference = ref.digest().map(Digest::toString).orElseGet(() -> ref.tag().orElse("latest"));
        RegistryClient.Fetched fetched;
        try {
            fetched = repository.manifest(reference);
        } catch (NotFoundException e) {
            throw new NotFoundException("manifest for " + ref.familiar() + " not found: " + e.getMessage());
        } catch (io.berth.common.UnauthorizedException | io.berth.common.ForbiddenException e) {
            throw new NotFoundException("pull access denied for " + ref.familiarRepository()
                    + ", repository does not exist or may require 'docker login': " + e.getMessage());
        }
        String type = documentType(fetched);
        Platform wanted = platform.orElseGet(Platform::host);
        if (type.equals(MediaTypes.OCI_INDEX) || type.equals(MediaTypes.DOCKER_MANIFEST_LIST)) {
            Index index = read(fetched.bytes(), Index.class, "index");
            Descriptor chosen = choose(index, wanted);
            var inner = repository.manifest(chosen.digest());
            String innerType = documentType(inner);
            if (!innerType.equals(MediaTypes.OCI_MANIFEST) && !innerType.equals(MediaTypes.DOCKER_MANIFEST)) {
                throw new InvalidArgumentException("unsupported manifest media type " + innerType + " for "
                        + ref.familiar() + " (" + wanted + ")");
            }
            return new Resolved(ref, repository, fetched.digest(), checked(read(inner.bytes(), Manifest.class, "manifest"), ref));
        }
        if (type.equals(MediaTypes.OCI_MANIFEST) || type.equals(MediaTypes.DOCKER_MANIFEST)) {
            return new Resolved(ref, repository, fetched.digest(), checked(read(fetched.bytes(), Manifest.class, "manifest"), ref));
        }
        throw new InvalidArgumentException("unsupported manifest media type for " + ref.familiar() + ": "
                + (type.isEmpty() ? "none" : type)
                + (type.contains("v1+") || type.contains("prettyjws") ? " (Docker image manifest v2, schema 1 is not supported)" : ""));
    }

    /** The tags of {@code ref}'s repository ({@code --all-tags}). */
    public List<String> tags(ImageRef ref, RegistryAuth auth) {
        for (var mirror : registry.mirrors(ref)) {
            try {
                return mirror.tags();
            } catch (BerthException e) {
                LOG.log(System.Logger.Level.INFO, "mirror " + mirror.base() + " failed to list the tags of "
                        + ref.familiarRepository() + ": " + e.getMessage());
            }
        }
        return registry.repository(ref, auth, false).tags();
    }

    /** The media type of a fetched document: the registry's Content-Type, else the document's own field. */
    private static String documentType(RegistryClient.Fetched fetched) {
        var tree = Json.tree(fetched.bytes());
        String declared = tree.path("mediaType").asText("");
        if (!declared.isEmpty()) {
            return declared;
        }
        if (Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST,
                MediaTypes.DOCKER_MANIFEST_LIST).contains(fetched.mediaType())) {
            return fetched.mediaType();
        }
        return tree.has("manifests") ? MediaTypes.OCI_INDEX : tree.has("layers") ? MediaTypes.OCI_MANIFEST
                : fetched.mediaType();
    }

    private static Descriptor choose(Index index, Platform wanted) {
        List<Descriptor> entries = index.manifests() == null ? List.of() : index.manifests();
        // the first match wins, as in containerd's platform matcher; attestation manifests have platform unknown/unknown
        for (Descriptor d : entries) {
            if (wanted.matches(d.platform()) && d.digest() != null) {
                return d;
            }
        }
        throw new NotFoundException("no matching manifest for " + wanted + " in the manifest list entries");
    }

    private static Manifest checked(Manifest manifest, ImageRef ref) {
        if (manifest.config() == null || manifest.config().digest() == null) {
            throw new InvalidArgumentException("invalid manifest for " + ref.familiar() + ": it names no config");
        }
        String configType = manifest.config().mediaType();
        if (configType != null && !configType.equals(MediaTypes.DOCKER_CONFIG) && !configType.equals(MediaTypes.OCI_CONFIG)) {
            throw new InvalidArgumentException("unsupported config media type for " + ref.familiar() + ": " + configType
                    + " (not a container image)");
        }
        for (Descriptor layer : layers(manifest)) {
            String type = layer.mediaType() == null ? MediaTypes.OCI_LAYER : layer.mediaType();
            if (!LAYER_TYPES.contains(type)) {
                throw new InvalidArgumentException("unsupported layer media type for " + ref.familiar() + ": " + type);
            }
            Digest.parse(layer.digest());
        }
        return manifest;
    }

    private static List<Descriptor> layers(Manifest manifest) {
        return manifest.layers() == null ? List.of() : manifest.layers();
    }

    private static <T> T read(byte[] bytes, Class<T> type, String what) {
        T value;
        try {
            value = Json.read(bytes, type);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid " + what + " from the registry: " + e.getMessage());
        }
        if (value == null) {
            throw new InvalidArgumentException("invalid " + what + " from the registry: empty");
        }
        return value;
    }

    /**
     * Downloads, verifies, unpacks, registers and tags; reports on {@code listener} from "Pulling from"
     * to "Digest:" (the closing "Status:" line is the caller's: it may pull several tags).
     */
    public Result pull(Resolved resolved, Progress.Listener listener) {
        ImageRef ref = resolved.ref();
        listener.on(new Progress.Status(resolved.tagOrDigest(), "Pulling from " + ref.path()));

        Digest configDigest = Digest.parse(resolved.manifest().config().digest());
        if (!store.content().exists(configDigest)) {
            try (var blob = resolved.repository().blob(configDigest)) {
                store.content().write(blob.in(), Optional.of(configDigest));
            } catch (IOException e) {
                throw new InternalException("downloading the image config " + configDigest + ": " + e.getMessage(), e);
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("image config verification failed for digest " + configDigest);
            }
        }
        ImageConfigFile config = store.readConfig(configDigest);
        if (config.os() != null && !config.os().isEmpty() && !Platform.LINUX.equals(config.os())) {
            throw new InvalidArgumentException("image operating system \"" + config.os()
                    + "\" cannot be used on this platform");
        }
        List<Descriptor> descriptors = layers(resolved.manifest());
        if (config.diffIds().size() != descriptors.size()) {
            throw new InvalidArgumentException("invalid image " + ref.familiar() + ": its config lists "
                    + config.diffIds().size() + " layers, its manifest " + descriptors.size());
        }

        // which layers are here already (blob and unpacked chain), which to download (once per blob)
        var blobs = new ArrayList<LayerBlob>();
        var toFetch = new LinkedHashMap<Digest, Descriptor>();
        var existing = new java.util.HashSet<Integer>();
        var announced = new java.util.HashSet<Digest>();
        Optional<Digest> parent = Optional.empty();
        for (int i = 0; i < descriptors.size(); i++) {
            Descriptor d = descriptors.get(i);
            Digest digest = Digest.parse(d.digest());
            Digest chain = LayerStore.chainId(parent, Digest.parse(config.diffIds().get(i)));
            parent = Optional.of(chain);
            String type = d.mediaType() == null ? MediaTypes.OCI_LAYER : d.mediaType();
            blobs.add(new LayerBlob(digest, type, d.size()));
            boolean haveBlob = store.content().exists(digest);
            if (haveBlob && store.layers().exists(chain)) {
                existing.add(i);
                listener.on(new Progress.Status(shortId(digest), "Already exists"));
                continue;
            }
            if (!haveBlob) {
                toFetch.putIfAbsent(digest, d);
            }
            if (announced.add(digest)) {
                listener.on(new Progress.Status(shortId(digest), "Pulling fs layer"));
            }
        }
        // layers unpack in order as soon as their blobs are in, while the later ones still download
        var completed = new java.util.HashSet<Digest>();
        try (var executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("pull-", 0).factory())) {
            Map<Digest, Future<?>> downloads = download(executor, resolved.repository(), toFetch, listener);
            try {
                Optional<Digest> below = Optional.empty();
                for (int i = 0; i < blobs.size(); i++) {
                    LayerBlob blob = blobs.get(i);
                    Digest diffId = Digest.parse(config.diffIds().get(i));
                    awaitDownload(downloads.get(blob.digest()));
                    if (!existing.contains(i) && !completed.contains(blob.digest())) {
                        long size = Math.max(blob.size(), 0);
                        listener.on(new Progress.Bytes(shortId(blob.digest()), "Extracting", size, size));
                        store.unpackLayer(below, blob, diffId);
                        completed.add(blob.digest());
                        listener.on(new Progress.Status(shortId(blob.digest()), "Pull complete"));
                    }
                    below = Optional.of(LayerStore.chainId(below, diffId));
                }
                for (Future<?> future : downloads.values()) {
                    awaitDownload(future); // blobs no layer needed first (a digest listed twice)
                }
            } catch (RuntimeException e) {
                executor.shutdownNow();
                throw e;
            }
        }

        Optional<ImageRecord> before = store.find(ref.canonical());
        String repoDigest = ref.repository() + "@" + resolved.digest();
        // add() finds the layers in place; it unpacks again only one that went meanwhile (an rmi of another image)
        ImageRecord image = store.add(configDigest, blobs, Optional.of(repoDigest), new ImageStore.LayerListener() {
            @Override
            public void unpacking(int index, LayerBlob blob) {
                long size = Math.max(blob.size(), 0);
                listener.on(new Progress.Bytes(shortId(blob.digest()), "Extracting", size, size));
            }

            @Override
            public void done(int index, LayerBlob blob, boolean unpacked) {
                if (!existing.contains(index) && completed.add(blob.digest())) {
                    listener.on(new Progress.Status(shortId(blob.digest()), "Pull complete"));
                }
            }
        });
        if (ref.tag().isPresent()) {
            store.tag(ref, image.id());
        }
        listener.on(new Progress.Status("", "Digest: " + resolved.digest()));
        return new Result(image, before.isEmpty() || !before.get().id().equals(image.id()));
    }

    /**
     * Starts downloading blobs into the content store on {@code executor}, {@link #CONCURRENT_DOWNLOADS}
     * at a time in manifest order; the futures complete as each blob is stored and verified.
     */
    private Map<Digest, Future<?>> download(java.util.concurrent.ExecutorService executor,
                                            RegistryClient.Repository repository, Map<Digest, Descriptor> blobs,
                                            Progress.Listener listener) {
        var futures = new LinkedHashMap<Digest, Future<?>>();
        if (blobs.isEmpty()) {
            return futures;
        }
        // fair: the slots go in the order the layers are queued, so the lowest layers arrive first
        var slots = new Semaphore(CONCURRENT_DOWNLOADS, true);
        int queued = 0;
        for (Digest digest : blobs.keySet()) {
            if (queued++ >= CONCURRENT_DOWNLOADS) {
                listener.on(new Progress.Status(shortId(digest), "Waiting"));
            }
        }
        for (var entry : blobs.entrySet()) {
            futures.put(entry.getKey(), executor.submit(() -> {
                slots.acquire();
                try {
                    downloadOne(repository, entry.getKey(), entry.getValue().size(), listener);
                } finally {
                    slots.release();
                }
                return null;
            }));
        }
        return futures;
    }

    private static void awaitDownload(Future<?> download) {
        if (download == null) {
            return;
        }
        try {
            download.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re
                    : new InternalException("downloading layers: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("pull interrupted", e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new InternalException("pull cancelled", e);
        }
    }

    /** Attempts at a layer whose download breaks off (the registry went away or cut the connection). */
    static final int DOWNLOAD_ATTEMPTS = 3;

    private void downloadOne(RegistryClient.Repository repository, Digest digest, long declaredSize,
                             Progress.Listener listener) {
        String id = shortId(digest);
        for (int attempt = 1; ; attempt++) {
            try {
                downloadOnce(repository, digest, declaredSize, listener);
                return;
            } catch (SourceFailure e) {
                if (attempt >= DOWNLOAD_ATTEMPTS) {
                    throw new InternalException(e.getMessage(), e.getCause());
                }
                LOG.log(System.Logger.Level.INFO, e.getMessage() + "; attempt " + (attempt + 1) + " of " + DOWNLOAD_ATTEMPTS);
                listener.on(new Progress.Status(id, "Retrying in " + attempt + " second" + (attempt == 1 ? "" : "s")));
                try {
                    Thread.sleep(1000L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InternalException("pull interrupted", interrupted);
                }
            }
        }
    }

    /** A download that broke off on the registry's side: worth another attempt. */
    private static final class SourceFailure extends RuntimeException {
        SourceFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void downloadOnce(RegistryClient.Repository repository, Digest digest, long declaredSize,
                              Progress.Listener listener) {
        String id = shortId(digest);
        String uri = repository.base() + "/v2/" + repository.path() + "/blobs/" + digest;
        RegistryClient.BlobStream blob;
        try {
            blob = repository.blob(digest);
        } catch (InternalException e) {
            // the registry cannot be reached (connection refused, reset, timed out)
            throw new SourceFailure(e.getMessage(), e);
        }
        long total = declaredSize > 0 ? declaredSize : blob.size();
        var counting = new CountingStream(blob.in(), total, id, listener);
        try (blob) {
            try {
                store.content().write(counting, Optional.of(digest));
            } catch (InvalidArgumentException e) {
                if (counting.failure != null || (total > 0 && counting.count < total)) {
                    throw sourceFailure(uri, counting);
                }
                // the content store named nothing: the bytes did not match the digest
                throw new InvalidArgumentException("filesystem layer verification failed for digest " + digest);
            } catch (InternalException e) {
                if (counting.failure != null) {
                    throw sourceFailure(uri, counting);
                }
                throw e;
            }
            if (total > 0 && counting.count < total) {
                throw sourceFailure(uri, counting);
            }
            listener.on(new Progress.Status(id, "Verifying Checksum"));
            listener.on(new Progress.Status(id, "Download complete"));
        } catch (IOException e) {
            throw new InternalException("downloading layer " + digest + ": " + e.getMessage(), e);
        }
    }

    private static SourceFailure sourceFailure(String uri, CountingStream counting) {
        String why = counting.failure == null || counting.failure.getMessage() == null
                || counting.failure.getMessage().isBlank() || counting.failure.getMessage().equals("closed")
                ? "unexpected EOF" : counting.failure.getMessage();
        return new SourceFailure("Get \"" + uri + "\": " + why + " (the registry's connection broke off after "
                + counting.count + " of " + counting.total + " bytes)", counting.failure);
    }

    /** Docker's closing line of a pull of {@code familiar} ({@code busybox:latest}, or {@code busybox} for all tags). */
    public static String statusLine(String familiar, boolean newer) {
        return (newer ? "Status: Downloaded newer image for " : "Status: Image is up to date for ") + familiar;
    }

    /** Docker's short ID of a layer: the first 12 hex digits of its digest. */
    public static String shortId(Digest digest) {
        return digest.encoded().substring(0, 12);
    }

    /** Reports "Downloading" every {@link #PROGRESS_STEP} bytes and at the end. */
    private static final class CountingStream extends FilterInputStream {
        private final long total;
        private final String id;
        private final Progress.Listener listener;
        private long count;
        private long reported = -1;

        CountingStream(InputStream in, long total, String id, Progress.Listener listener) {
            super(in);
            this.total = total;
            this.id = id;
            this.listener = listener;
        }

        /** What reading from the registry failed with, if it did. */
        private IOException failure;

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (b >= 0) {
                advance(1);
            } else {
                report();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                advance(n);
            } else if (n < 0) {
                report();
            }
            return n;
        }

        private void advance(long n) {
            count += n;
            if (reported < 0 || count - reported >= PROGRESS_STEP) {
                report();
            }
        }

        private void report() {
            if (count != reported) {
                reported = count;
                listener.on(new Progress.Bytes(id, "Downloading", count, total));
            }
        }
    }
}
