package io.berth.image.archive;

import io.berth.image.ref.ImageRef;
import java.util.List;

/**
 * What a load registered: each image (by ID) with the tags it now carries, in archive order, and
 * the lines Docker prints for it ({@code Loaded image: busybox:latest}, {@code Loaded image ID:
 * sha256:…}, and a note when a tag moved from another image).
 */
public record LoadResult(List<LoadedImage> images, List<String> messages) {
    public LoadResult {
        images = List.copyOf(images);
        messages = List.copyOf(messages);
    }

    /** An image the archive held: its ID ({@code sha256:…}) and the tags the load gave it. */
    public record LoadedImage(String id, List<ImageRef> tags) {
        public LoadedImage {
            tags = List.copyOf(tags);
        }
    }
}
