package io.berth.image.archive;

import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Image tarballs in and out of an {@link ImageStore}: {@code docker load}, {@code docker save}
 * and {@code docker import}. See the package documentation for the formats.
 */
public final class ImageArchives {
    private final ImageStore images;
    private final Path tempDir;

    /** Large non-blob files of loaded archives are spilled under {@code java.io.tmpdir}. */
    public ImageArchives(ImageStore images) {
        this(images, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param tempDir where a load spills large files that are not named by a digest (a
     *                docker-archive's {@code <id>/layer.tar}); best on the same disk as the stores
     */
    public ImageArchives(ImageStore images, Path tempDir) {
        this.images = images;
        this.tempDir = tempDir;
    }

    /**
     * Loads a docker-archive or OCI layout tarball (plain, gzip or bzip2) and tags its images;
     * a tag that pointed at another image moves. All or nothing: invalid input is an
     * {@link io.berth.common.InvalidArgumentException} and registers nothing.
     */
    public LoadResult load(InputStream archive) {
        return new ArchiveLoader(images, tempDir).load(archive);
    }

    /**
     * Writes the images named (tags, repositories, IDs, ID prefixes or digest references) as one
     * tarball that is both a docker-archive and an OCI layout. The names are resolved and every
     * blob checked before the first byte is written, so a missing image
     * ({@link io.berth.common.NotFoundException}) leaves {@code out} untouched. {@code out} is
     * flushed, not closed.
     *
     * @throws IOException when writing to {@code out} fails
     */
    public void save(List<String> names, OutputStream out) throws IOException {
        new ArchiveWriter(images).save(names, out);
    }

    /** Makes a one-layer image from a root filesystem tarball (plain, gzip or bzip2). */
    public ImageRecord importImage(InputStream tarball, ImportOptions options) {
        return new RootfsImporter(images).importImage(tarball, options);
    }
}
