package io.berth.image.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.Digest;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.LayerBlob;
import io.berth.image.oci.ImageConfigFile;
import io.berth.image.oci.MediaTypes;
import io.berth.store.content.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code docker import}: a root filesystem tarball (plain, gzip or bzip2) becomes a one-layer
 * image. The layer is stored uncompressed, so its blob digest is its diff ID; the config gets the
 * host's architecture, {@code linux}, the time of the import, the message as comment, a history
 * entry naming the source, and the container defaults built from the changes.
 */
final class RootfsImporter {
    private final ImageStore images;

    RootfsImporter(ImageStore images) {
        this.images = images;
    }

    ImageRecord importImage(InputStream tarball, ImportOptions options) {
        // bad changes fail before the tarball is read
        ObjectNode defaults = ConfigChanges.apply(null, options.changes());
        ContentStore content = images.content();
        Digest layer = null;
        Digest config = null;
        boolean registered = false;
        try {
            ContentStore.Written written;
            try {
                written = content.write(ArchiveEntries.guarded(Compression.decompressed(tarball, "the tarball"),
                        "reading the tarball failed"), Optional.empty());
            } catch (IOException e) {
                throw new InvalidArgumentException("reading the tarball failed: " + e.getMessage(), e);
            }
            layer = written.digest();
            checkTar(layer, written.size());
            String created = Instant.now().toString();
            String comment = options.message().isEmpty() ? null : options.message();
            var configFile = new ImageConfigFile(Platforms.hostArchitecture(), Platforms.OS, null, created, null,
                    defaults, new ImageConfigFile.RootFs("layers", List.of(layer.toString())),
                    List.of(new ImageConfigFile.History(created, "Imported from " + options.source(), null, comment, null)),
                    comment, null, null, null);
            config = content.write(Json.writeBytes(configFile)).digest();
            ImageRecord image = images.add(config, List.of(new LayerBlob(layer, MediaTypes.DOCKER_LAYER, written.size())),
                    Optional.empty());
            registered = true;
            if (options.reference().isPresent()) {
                images.tag(options.reference().get(), image.id());
            }
            return images.byId(image.id()).orElse(image);
        } finally {
            if (!registered) {
                removeIfUnused(layer);
                removeIfUnused(config);
            }
        }
    }

    /** The stored layer must be a tar archive (at least one entry, or an empty but well-formed one). */
    private void checkTar(Digest layer, long size) {
        int entries = 0;
        try (var tar = new TarArchiveInputStream(images.content().open(layer), StandardCharsets.UTF_8.name())) {
            while (tar.getNextEntry() != null) {
                entries++;
            }
        } catch (IOException e) {
            throw new InvalidArgumentException("invalid tar archive: " + e.getMessage(), e);
        }
        if (entries == 0 && size < 1024) {
            throw new InvalidArgumentException("invalid tar archive: "
                    + (size == 0 ? "the tarball is empty" : "no tar header found"));
        }
    }

    private void removeIfUnused(Digest digest) {
        if (digest == null) {
            return;
        }
        String id = digest.toString();
        boolean used = images.list().stream()
                .anyMatch(image -> image.id().equals(id) || image.layers().stream().anyMatch(l -> l.blobDigest().equals(id)));
        if (!used) {
            images.content().delete(digest);
        }
    }
}
