package io.berth.image.archive;

import io.berth.common.AtomicFiles;
import io.berth.common.Digest;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.store.content.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files of an image archive, read once from a tar stream in whatever order they come.
 *
 * <p>Where each file goes: small files stay in memory (up to {@link #MEMORY_ENTRY_LIMIT} each and
 * {@link #MEMORY_TOTAL_LIMIT} in all); larger files named {@code blobs/sha256/<hex>} stream straight
 * into the content store, which checks the digest; other large files (a docker-archive's
 * {@code <id>/layer.tar}) are spilled to a temporary directory. Every file named by a digest is
 * verified as it is read. Nothing but verified blobs reaches the content store, and
 * {@link #created()} lists the blobs that were not there before, for the caller to clean up.
 * {@link #close()} removes the temporary directory.
 */
final class ArchiveEntries implements AutoCloseable {
    static final int MEMORY_ENTRY_LIMIT = 1 << 20;
    static final long MEMORY_TOTAL_LIMIT = 64L << 20;
    /** JSON documents larger than this are refused rather than read into memory. */
    static final long JSON_LIMIT = 32L << 20;
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/sha256/([a-f0-9]{64})");
    private static final int MAX_LINK_HOPS = 16;

    /** One file of the archive; {@link #open()} reads it from wherever it was put. */
    sealed interface Entry permits InMemory, Spilled, Stored {
        Digest digest();

        long size();

        InputStream open() throws IOException;
    }

    record InMemory(byte[] data, Digest digest) implements Entry {
        public long size() {
            return data.length;
        }

        public InputStream open() {
            return new ByteArrayInputStream(data);
        }
    }

    record Spilled(Path file, Digest digest, long size) implements Entry {
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }

    record Stored(ContentStore content, Digest digest, long size) implements Entry {
        public InputStream open() {
            return content.open(digest);
        }
    }

    private final ContentStore content;
    private final Path tempParent;
    private Path tempDir;
    private final Map<String, Entry> files = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private final Set<Digest> created = new LinkedHashSet<>();
    private long memoryUsed;
    private int entryCount;

    ArchiveEntries(ContentStore content, Path tempParent) {
        this.content = content;
        this.tempParent = tempParent;
    }

    /** Reads every entry of an uncompressed tar stream. */
    void readTar(InputStream uncompressed) {
        var tar = new TarArchiveInputStream(uncompressed, StandardCharsets.UTF_8.name());
        var data = guarded(tar, "invalid archive: reading the tar stream failed");
        while (true) {
            TarArchiveEntry entry;
            try {
                entry = tar.getNextEntry();
            } catch (IOException e) {
                throw notATar(e);
            }
            if (entry == null) {
                break;
            }
            entryCount++;
            String name = normalize(entry.getName());
            if (name.isEmpty() || entry.isDirectory()) {
                continue;
            }
            if (entry.isSymbolicLink()) {
                links.put(name, normalize(parentOf(name) + "/" + entry.getLinkName()));
            } else if (entry.isLink()) {
                links.put(name, normalize(entry.getLinkName()));
            } else if (entry.isFile()) {
                links.remove(name);
                files.put(name, readFile(name, entry.getSize(), data));
            }
        }
        if (entryCount == 0) {
            throw new InvalidArgumentException("invalid archive: it is empty or not a tar archive");
        }
    }

    private Entry readFile(String name, long size, InputStream data) {
        var matcher = BLOB_PATH.matcher(name);
        Optional<Digest> expected = matcher.matches() ? Optional.of(new Digest("sha256", matcher.group(1)))
                : Optional.empty();
        try {
            if (size <= MEMORY_ENTRY_LIMIT && memoryUsed + size <= MEMORY_TOTAL_LIMIT) {
                byte[] bytes = data.readAllBytes();
                Digest actual = Digest.sha256(bytes);
                if (expected.isPresent() && !expected.get().equals(actual)) {
                    throw new InvalidArgumentException("invalid archive: " + name + " does not match its digest (its content is "
                            + actual + ")");
                }
                memoryUsed += bytes.length;
                return new InMemory(bytes, actual);
            }
            if (expected.isPresent()) {
                boolean existed = content.exists(expected.get());
                ContentStore.Written written;
                try {
                    written = content.write(data, expected);
                } catch (InvalidArgumentException e) {
                    throw new InvalidArgumentException("invalid archive: " + name + ": " + e.getMessage(), e);
                }
                if (!existed) {
                    created.add(written.digest());
                }
                return new Stored(content, written.digest(), written.size());
            }
            return spill(data);
        } catch (IOException e) {
            throw notATar(e);
        }
    }

    private Spilled spill(InputStream data) throws IOException {
        if (tempDir == null) {
            Files.createDirectories(tempParent);
            tempDir = Files.createTempDirectory(tempParent, "berth-load-");
        }
        Path file = tempDir.resolve(Integer.toString(entryCount));
        var sha = Digest.newSha256();
        long size;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            size = data.transferTo(out);
        }
        return new Spilled(file, Digest.ofSha256(sha), size);
    }

    boolean has(String path) {
        return find(path).isPresent();
    }

    /** The file at {@code path} (links followed), if the archive holds it. */
    Optional<Entry> find(String path) {
        String name = normalize(path);
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            Entry entry = files.get(name);
            if (entry != null) {
                return Optional.of(entry);
            }
            String target = links.get(name);
            if (target == null) {
                return Optional.empty();
            }
            name = target;
        }
        throw new InvalidArgumentException("invalid archive: too many levels of links at " + path);
    }

    /** The file at {@code path}; {@code what} describes it in the error if it is missing. */
    Entry require(String path, String what) {
        return find(path).orElseThrow(() -> new InvalidArgumentException("invalid archive: " + what + " "
                + path + " is missing"));
    }

    /** An OCI layout's blob, {@code blobs/<algorithm>/<hex>}. */
    Entry blob(Digest digest, String what) {
        return require(blobPath(digest), what);
    }

    static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.encoded();
    }

    /** The bytes of a (JSON) file. */
    byte[] bytes(String path, Entry entry) {
        if (entry instanceof InMemory memory) {
            return memory.data();
        }
        if (entry.size() > JSON_LIMIT) {
            throw new InvalidArgumentException("invalid archive: " + path + " is too large for a JSON document");
        }
        try (InputStream in = entry.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InternalException("reading " + path + " of the archive", e);
        }
    }

    /** The compression of a file, from its first bytes. */
    static Compression compression(Entry entry) {
        if (entry instanceof InMemory memory) {
            return Compression.of(memory.data(), memory.data().length);
        }
        try {
            return Compression.read(entry.open());
        } catch (IOException e) {
            throw new InternalException("reading a file of the archive", e);
        }
    }

    /** Makes sure a file is in the content store; returns its digest. */
    Digest store(Entry entry) {
        if (entry instanceof Stored stored) {
            return stored.digest();
        }
        return storeAs(entry.digest(), entry::open);
    }

    /**
     * Stores what {@code source} reads, which must have the digest {@code expected} (else an
     * {@link InvalidArgumentException}); notes the blob as created when it was not in the store.
     */
    Digest storeAs(Digest expected, IoSupplier source) {
        if (!content.exists(expected)) {
            try (InputStream in = source.open()) {
                content.write(in, Optional.of(expected));
            } catch (IOException e) {
                throw new InternalException("storing a file of the archive: " + e.getMessage(), e);
            }
            created.add(expected);
        }
        return expected;
    }

    long storedSize(Digest digest) {
        return content.size(digest);
    }

    @FunctionalInterface
    interface IoSupplier {
        InputStream open() throws IOException;
    }

    /** Blobs this archive put into the content store that were not there before. */
    Set<Digest> created() {
        return created;
    }

    @Override
    public void close() {
        if (tempDir != null) {
            AtomicFiles.deleteTree(tempDir);
            tempDir = null;
        }
    }

    /** {@code ./a//b/../c} → {@code a/c}: the names archive entries and manifests use for the same file. */
    static String normalize(String name) {
        var parts = new ArrayDeque<String>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    private static InvalidArgumentException notATar(IOException e) {
        return new InvalidArgumentException("invalid archive: reading the tar stream failed: " + e.getMessage(), e);
    }

    /**
     * A stream whose read failures (a truncated or corrupt archive, bad compressed data) are
     * {@link InvalidArgumentException}s starting with {@code message}, so that they pass unchanged
     * through the content store. Closing it leaves {@code in} open.
     */
    static InputStream guarded(InputStream in, String message) {
        return new Guarded(in, message);
    }

    private static final class Guarded extends FilterInputStream {
        private final String message;

        Guarded(InputStream in, String message) {
            super(in);
            this.message = message;
        }

        @Override
        public int read() {
            try {
                return in.read();
            } catch (IOException e) {
                throw new InvalidArgumentException(message + ": " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new InvalidArgumentException(message + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            // the underlying stream belongs to the caller
        }
    }
}
