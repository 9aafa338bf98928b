package io.berth.image;

import java.util.List;

/**
 * An image as Berth stores it: the ID (digest of its config file), its layers from the bottom
 * up, the total unpacked size, the creation time from its config, the digests under which
 * registries know it, and when it was last tagged.
 */
public record ImageRecord(String id, List<LayerRecord> layers, long size, String created,
                          List<String> repoDigests, String lastTagTime) {
    public ImageRecord {
        layers = List.copyOf(layers);
        repoDigests = List.copyOf(repoDigests);
    }

    /** One layer: its chain and diff IDs, and the blob it came from (possibly compressed). */
    public record LayerRecord(String chainId, String diffId, String blobDigest, String mediaType, long blobSize) {}
}
