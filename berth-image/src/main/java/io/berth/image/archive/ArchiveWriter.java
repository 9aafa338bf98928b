package io.berth.image.archive;

import io.berth.common.Digest;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.Index;
import io.berth.image.oci.Manifest;
import io.berth.image.oci.MediaTypes;
import io.berth.image.ref.ImageRef;
import io.berth.store.content.ContentStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker save}: writes the tarball Docker 25 writes, which is an OCI image layout and a
 * docker-archive at once:
 *
 * <pre>
 * blobs/sha256/&lt;hex&gt;   configs, OCI manifests and uncompressed layer tars (digest = diff ID)
 * index.json            an OCI index: one manifest descriptor per tag (untagged images: one without annotations)
 * manifest.json         [{"Config":"blobs/sha256/…","RepoTags":["busybox:latest"],"Layers":["blobs/sha256/…"]}]
 * oci-layout            {"imageLayoutVersion":"1.0.0"}
 * repositories          {"busybox":{"latest":"&lt;top layer's diff ID hex&gt;"}} (only when something is tagged)
 * </pre>
 *
 * <p>Layers are always written uncompressed, so one blob serves both the OCI manifest and
 * {@code manifest.json} (Docker 20.10 expects uncompressed {@code Layers}); a stored gzip blob is
 * decompressed on the fly. The output depends only on the images and the names asked for: entries
 * in a fixed order, time 0, owner 0:0, no user names.
 */
final class ArchiveWriter {
    private static final FileTime TIME = FileTime.fromMillis(0);
    private static final String BLOBS = "blobs/sha256/";
    private static final byte[] OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private final ImageStore images;

    ArchiveWriter(ImageStore images) {
        this.images = images;
    }

    /** An image to save and the tags to save it under. */
    private record SaveItem(ImageRecord image, SequencedSet<ImageRef> tags) {}

    /** A layer as the archive holds it: uncompressed, named by its diff ID. */
    private record LayerCopy(Digest diffId, Digest blob, long size) {}

    private record Prepared(ImageRecord image, List<ImageRef> tags, byte[] config, List<LayerCopy> layers,
                            byte[] manifest, Digest manifestDigest) {}

    /** Something to write under {@code blobs/sha256/}. */
    private interface Blob {
        long size();

        void writeTo(OutputStream out) throws IOException;
    }

    void save(List<String> names, OutputStream out) throws IOException {
        // everything that can fail for a missing image or blob fails here, before the first byte
        List<Prepared> prepared = plan(names).stream().map(this::prepare).toList();
        write(prepared, out);
    }

    /**
     * Resolves the names as Docker does: a tag saves that tag, a repository alone saves all its
     * tags, an ID (or digest reference) saves the image without tags.
     */
    private List<SaveItem> plan(List<String> names) {
        var items = new LinkedHashMap<String, SaveItem>();
        for (String raw : names) {
            String name = raw.strip();
            if (ImageRef.looksLikeReference(name)) {
                ImageRef ref = ImageRef.parseNormalized(name); // an invalid reference fails here, as in Docker
                if (ref.tag().isEmpty() && ref.digest().isEmpty()) {
                    var tagged = tagsOfRepository(ref.repository());
                    if (!tagged.isEmpty()) {
                        tagged.forEach((tag, image) -> item(items, image).tags().add(tag));
                        continue;
                    }
                }
            }
            ImageRecord image = images.resolve(name);
            var item = item(items, image);
            // the name was a tag of the image (not its ID or a digest): save that tag with it
            asTag(name).filter(tag -> images.tags(image.id()).contains(tag)).ifPresent(item.tags()::add);
        }
        return List.copyOf(items.values());
    }

    private static Optional<ImageRef> asTag(String name) {
        try {
            ImageRef ref = ImageRef.parse(name);
            return ref.tag().isPresent() && ref.digest().isEmpty() ? Optional.of(ref) : Optional.empty();
        } catch (InvalidArgumentException e) {
            return Optional.empty();
        }
    }

    private static SaveItem item(Map<String, SaveItem> items, ImageRecord image) {
        return items.computeIfAbsent(image.id(), id -> new SaveItem(image, new LinkedHashSet<>()));
    }

    /** Every tag of a repository, in order, with its image. */
    private Map<ImageRef, ImageRecord> tagsOfRepository(String repository) {
        var tagged = new TreeMap<ImageRef, ImageRecord>(Comparator.comparing(ImageRef::canonical));
        for (ImageRecord image : images.list()) {
            for (ImageRef tag : images.tags(image.id())) {
                if (tag.repository().equals(repository)) {
                    tagged.put(tag, image);
                }
            }
        }
        return tagged;
    }

    private Prepared prepare(SaveItem item) {
        ImageRecord image = item.image();
        ContentStore content = images.content();
        Digest configDigest = Digest.parse(image.id());
        if (!content.exists(configDigest)) {
            throw new NotFoundException("image " + image.id() + " has lost its config blob");
        }
        byte[] config = content.read(configDigest);
        var layers = new ArrayList<LayerCopy>();
        for (ImageRecord.LayerRecord layer : image.layers()) {
            Digest diffId = Digest.parse(layer.diffId());
            Digest blob = Digest.parse(layer.blobDigest());
            if (!content.exists(blob)) {
                throw new NotFoundException("image " + image.id() + " has lost the blob " + blob + " of its layer " + diffId);
            }
            long size = blob.equals(diffId) ? content.size(blob) : uncompressedSize(blob, diffId);
            layers.add(new LayerCopy(diffId, blob, size));
        }
        var manifest = new Manifest(2, MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, configDigest.toString(), config.length),
                layers.stream().map(l -> new Descriptor(MediaTypes.OCI_LAYER, l.diffId().toString(), l.size())).toList(),
                null);
        byte[] manifestBytes = Json.writeBytes(manifest);
        return new Prepared(image, List.copyOf(item.tags()), config, layers, manifestBytes, Digest.sha256(manifestBytes));
    }

    /** The size of a compressed layer blob once decompressed, checked against its diff ID. */
    private long uncompressedSize(Digest blob, Digest diffId) {
        var sha = Digest.newSha256();
        try (var in = new DigestInputStream(ImageStore.uncompressed(images.content().open(blob)), sha)) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            if (!Digest.ofSha256(sha).equals(diffId)) {
                throw new InternalException("layer blob " + blob + " does not decompress to its diff ID " + diffId);
            }
            return size;
        } catch (IOException e) {
            throw new InternalException("reading layer blob " + blob + ": " + e.getMessage(), e);
        }
    }

    private void write(List<Prepared> prepared, OutputStream out) throws IOException {
        var blobs = new TreeMap<String, Blob>();
        var index = new ArrayList<Descriptor>();
        var manifestJson = new ArrayList<DockerManifestItem>();
        var repositories = new TreeMap<String, Map<String, String>>();
        for (Prepared image : prepared) {
            Digest config = Digest.parse(image.image().id());
            blobs.putIfAbsent(config.encoded(), bytes(image.config()));
            blobs.putIfAbsent(image.manifestDigest().encoded(), bytes(image.manifest()));
            for (LayerCopy layer : image.layers()) {
                blobs.putIfAbsent(layer.diffId().encoded(), layerBlob(layer));
            }
            String manifestDigest = image.manifestDigest().toString();
            long manifestSize = image.manifest().length;
            if (image.tags().isEmpty()) {
                index.add(new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifestSize));
            }
            String top = image.layers().isEmpty() ? config.encoded() : image.layers().getLast().diffId().encoded();
            for (ImageRef tag : image.tags()) {
                var annotations = new TreeMap<String, String>();
                annotations.put(ArchiveLoader.ANNOTATION_IMAGE_NAME, tag.canonical());
                annotations.put(ArchiveLoader.ANNOTATION_REF_NAME, tag.tag().orElseThrow());
                index.add(new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifestSize, annotations, null));
                repositories.computeIfAbsent(tag.familiarRepository(), r -> new TreeMap<>()).put(tag.tag().orElseThrow(), top);
            }
            manifestJson.add(new DockerManifestItem(BLOBS + config.encoded(),
                    image.tags().isEmpty() ? null : image.tags().stream().map(ImageRef::familiar).toList(),
                    image.layers().stream().map(l -> BLOBS + l.diffId().encoded()).toList()));
        }

        var tar = new TarArchiveOutputStream(new KeepOpen(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        directory(tar, "blobs/");
        directory(tar, BLOBS);
        for (var blob : blobs.entrySet()) {
            file(tar, BLOBS + blob.getKey(), blob.getValue());
        }
        file(tar, ArchiveLoader.OCI_INDEX, bytes(Json.writeBytes(new Index(2, MediaTypes.OCI_INDEX, index, null))));
        file(tar, ArchiveLoader.DOCKER_MANIFEST, bytes(Json.writeBytes(manifestJson)));
        file(tar, "oci-layout", bytes(OCI_LAYOUT));
        if (!repositories.isEmpty()) {
            file(tar, "repositories", bytes(Json.writeBytes(repositories)));
        }
        tar.finish();
        tar.close();
        out.flush();
    }

    private static Blob bytes(byte[] data) {
        return new Blob() {
            public long size() {
                return data.length;
            }

            public void writeTo(OutputStream out) throws IOException {
                out.write(data);
            }
        };
    }

    private Blob layerBlob(LayerCopy layer) {
        return new Blob() {
            public long size() {
                return layer.size();
            }

            public void writeTo(OutputStream out) throws IOException {
                InputStream blob = images.content().open(layer.blob());
                try (InputStream in = layer.blob().equals(layer.diffId()) ? blob : ImageStore.uncompressed(blob)) {
                    in.transferTo(out);
                }
            }
        };
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        var entry = new TarArchiveEntry(name, TarArchiveEntry.LF_DIR);
        owned(entry, 040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, Blob blob) throws IOException {
        var entry = new TarArchiveEntry(name);
        owned(entry, 0100644);
        entry.setSize(blob.size());
        tar.putArchiveEntry(entry);
        blob.writeTo(tar);
        tar.closeArchiveEntry();
    }

    private static void owned(TarArchiveEntry entry, int mode) {
        entry.setMode(mode);
        entry.setModTime(TIME);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
    }

    /** The caller's stream stays open when the tar is closed. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
