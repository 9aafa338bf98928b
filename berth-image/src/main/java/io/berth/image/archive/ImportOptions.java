package io.berth.image.archive;

import io.berth.image.ref.ImageRef;
import java.util.List;
import java.util.Optional;

/**
 * How {@code docker import} makes an image from a root filesystem tarball.
 *
 * @param source    where the tarball came from, for the history entry ({@code Imported from -})
 * @param message   the image's comment ({@code --message}); empty for none
 * @param changes   Dockerfile instructions for the container defaults ({@code --change}), see {@link ConfigChanges}
 * @param reference the tag to give the new image, if any ({@code :latest} when it names a repository only)
 */
public record ImportOptions(String source, String message, List<String> changes, Optional<ImageRef> reference) {
    public ImportOptions {
        source = source == null || source.isBlank() ? "-" : source;
        message = message == null ? "" : message;
        changes = changes == null ? List.of() : List.copyOf(changes);
        // a repository alone means its latest tag, as for docker import
        reference = reference == null ? Optional.empty()
                : reference.map(r -> r.tag().isEmpty() && r.digest().isEmpty() ? r.withTag("latest") : r);
    }

    /** From standard input, no message, no changes, untagged. */
    public static ImportOptions defaults() {
        return new ImportOptions("-", "", List.of(), Optional.empty());
    }

    public ImportOptions withChanges(List<String> newChanges) {
        return new ImportOptions(source, message, newChanges, reference);
    }

    public ImportOptions withMessage(String newMessage) {
        return new ImportOptions(source, newMessage, changes, reference);
    }

    public ImportOptions withReference(ImageRef newReference) {
        return new ImportOptions(source, message, changes, Optional.of(newReference));
    }
}
