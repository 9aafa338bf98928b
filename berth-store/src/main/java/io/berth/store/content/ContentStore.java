package io.berth.store.content;

import io.berth.common.AtomicFiles;
import io.berth.common.Digest;
import io.berth.common.Ids;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.util.Optional;

/** Blobs by digest; see the package documentation for the layout. */
public final class ContentStore {
    private final Path blobs;
    private final Path ingest;

    public ContentStore(Path root) {
        this.blobs = root.resolve("sha256");
        this.ingest = root.resolve("ingest");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(ingest);
            AtomicFiles.deleteTree(ingest);
            Files.createDirectories(ingest);
        } catch (IOException e) {
            throw new InternalException("creating content store at " + root, e);
        }
    }

    /** What was written: the digest of the bytes and how many there were. */
    public record Written(Digest digest, long size) {}

    /**
     * Stores a stream. With an expected digest the bytes must match it, or nothing is stored and
     * an {@link InvalidArgumentException} says so.
     */
    public Written write(InputStream in, Optional<Digest> expected) {
        Path temp = ingest.resolve(Ids.random());
        try {
            var sha = Digest.newSha256();
            long size;
            try (OutputStream file = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW);
                 var out = new DigestOutputStream(file, sha)) {
                size = in.transferTo(out);
            }
            Digest actual = Digest.ofSha256(sha);
            if (expected.isPresent() && !expected.get().equals(actual)) {
                throw new InvalidArgumentException("digest mismatch: expected " + expected.get() + ", got " + actual);
            }
            Path target = path(actual);
            if (Files.exists(target)) {
                Files.delete(temp);
                return new Written(actual, size);
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            AtomicFiles.commit(temp, target);
            return new Written(actual, size);
        } catch (IOException e) {
            throw new InternalException("writing blob: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the ingest directory is swept at start-up
            }
        }
    }

    public Written write(byte[] content) {
        return write(new java.io.ByteArrayInputStream(content), Optional.empty());
    }

    public boolean exists(Digest digest) {
        return Files.exists(path(digest));
    }

    public Path path(Digest digest) {
        return blobs.resolve(digest.encoded());
    }

    public InputStream open(Digest digest) {
        try {
            return Files.newInputStream(path(digest));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NotFoundException("blob not found: " + digest);
        } catch (IOException e) {
            throw new InternalException("reading blob " + digest, e);
        }
    }

    public byte[] read(Digest digest) {
        try (var in = open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InternalException("reading blob " + digest, e);
        }
    }

    public long size(Digest digest) {
        try {
            return Files.size(path(digest));
        } catch (IOException e) {
            throw new NotFoundException("blob not found: " + digest);
        }
    }

    /** Every stored blob's digest. */
    public java.util.List<Digest> list() {
        try (var files = Files.list(blobs)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}"))
                    .map(n -> Digest.parse("sha256:" + n)).toList();
        } catch (IOException e) {
            throw new InternalException("listing blobs", e);
        }
    }

    public void delete(Digest digest) {
        try {
            Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw new InternalException("removing blob " + digest, e);
        }
    }
}
