package io.berth.engine.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One container's log files in a Docker format: {@code NAME} being written, {@code NAME.1} …
 * {@code NAME.(max-file − 1)} rotated ones (gzipped to {@code NAME.N.gz} with {@code compress},
 * the time of their last record in the gzip header as Docker does), exactly as Docker lays them out.
 *
 * <p>One writer (the container's {@link SpoolPump}) appends records; it rotates before a record
 * when the file has reached {@code max-size} (Docker's rule, so a file exceeds it by at most one
 * record). Readers take a {@link Snapshot}: the files open at one instant, so a rotation meanwhile
 * costs them nothing; followers wait for {@link #awaitChange} and move to the next file by its
 * generation (each rotation adds one) — never by name, which is what loses Docker's followers
 * lines (moby#37646).
 *
 * <p>Locking: {@code lock} guards the file names, the flushed size, the generation and the
 * counters, and is held only for renames and bookkeeping, never while records are encoded or
 * compressed. The writer's buffer and channel belong to the writer's thread alone.
 */
final class LogFileSet {
    private static final System.Logger LOG = System.getLogger(LogFileSet.class.getName());
    private static final int FLUSH_AT = 256 * 1024;
    /** Docker's mode for log files: 0640. */
    private static final java.nio.file.attribute.FileAttribute<?> MODE =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

    private final Path current;
    private final LogSettings settings;
    private final LogFormat format;
    private final Object lock = new Object();

    // guarded by lock
    private long generation;
    private long size;
    private long written;
    private boolean producing;

    // the writer's own; its buffer exists only while it writes (a daemon may hold many idle sets)
    private static final ByteSink NO_BUFFER = new ByteSink(0);
    private ByteSink pending = NO_BUFFER;
    private FileChannel out;
    private long lastNanos;
    private CompletableFuture<Void> compression = CompletableFuture.completedFuture(null);

    LogFileSet(Path current, LogSettings settings) {
        this.current = current;
        this.settings = settings;
        this.format = LogFormat.of(settings.driver());
        try {
            Files.createDirectories(current.getParent());
            cleanUp();
            size = Files.exists(current) ? Files.size(current) : 0;
        } catch (IOException e) {
            throw new io.berth.common.InternalException("opening the log files at " + current, e);
        }
    }

    Path current() {
        return current;
    }

    LogSettings settings() {
        return settings;
    }

    /** Leftovers of a daemon that stopped halfway: a compression's temp file, a rotated file next to its gzip. */
    private void cleanUp() throws IOException {
        for (int i = 1; i < Math.max(2, settings.maxFile()); i++) {
            Files.deleteIfExists(rotated(i, true).resolveSibling(rotated(i, true).getFileName() + ".tmp"));
            if (Files.exists(rotated(i, true))) {
                Files.deleteIfExists(rotated(i, false));
            }
        }
    }

    private Path rotated(int index, boolean gzip) {
        return current.resolveSibling(current.getFileName() + "." + index + (gzip ? ".gz" : ""));
    }

    // --- the writer ---------------------------------------------------------------------------

    void startProducing() {
        if (pending == NO_BUFFER) {
            pending = new ByteSink(FLUSH_AT + 65536);
        }
        synchronized (lock) {
            producing = true;
            lock.notifyAll();
        }
    }

    /** Appends a record (see {@link LogFormat#encode}); rotates first when the file is full. */
    void write(int stream, long nanos, byte[] text, int offset, int length, boolean complete,
               LogFormat.Partial partial) throws IOException {
        if (settings.maxSize() >= 0 && size + pending.size() >= settings.maxSize()
                && size + pending.size() > 0) {
            flush();
            rotate();
        }
        format.encode(pending, stream, nanos, text, offset, length, complete, partial);
        lastNanos = nanos;
        if (pending.size() >= FLUSH_AT) {
            flush();
        }
    }

    /** Writes what is buffered and wakes the followers. */
    void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        if (out == null) {
            out = openForAppend();
        }
        var buffer = pending.asBuffer();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        synchronized (lock) {
            size += pending.size();
            written += pending.size();
            lock.notifyAll();
        }
        pending.reset();
    }

    private FileChannel openForAppend() throws IOException {
        var channel = FileChannel.open(current, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), MODE);
        try (var read = FileChannel.open(current, StandardOpenOption.READ)) {
            long end = validEnd(read);
            if (end < read.size()) {
                // a daemon killed mid-write left half a record: drop it, or it would spoil the next one
                LOG.log(System.Logger.Level.WARNING, "dropping {0} bytes of a torn record at the end of {1}",
                        read.size() - end, current);
                channel.truncate(end);
            }
        }
        synchronized (lock) {
            size = channel.size();
        }
        return channel;
    }

    /** Where the last whole record of the file ends. */
    private long validEnd(FileChannel channel) throws IOException {
        long length = channel.size();
        if (length == 0) {
            return 0;
        }
        var reader = new BackwardReader(channel, length);
        if (format instanceof JsonFileFormat) {
            return reader.byteAt(length - 1) == '\n' ? length : reader.lastNewline(length) + 1;
        }
        if (format.recordStart(reader, length) >= 0) {
            return length;
        }
        long at = 0;
        var header = ByteBuffer.allocate(4);
        while (at + 8 <= length) {
            header.clear();
            channel.read(header, at);
            int record = header.getInt(0);
            if (record < 0 || record > LocalFormat.MAX_MESSAGE || at + 8 + record > length) {
                break;
            }
            at += 8 + record;
        }
        return at;
    }

    private void rotate() throws IOException {
        compression.join(); // as Docker: a rotation waits for the previous one's compression
        Path first;
        synchronized (lock) {
            if (out != null) {
                out.close();
                out = null;
            }
            if (settings.maxFile() > 1) {
                for (boolean gzip : new boolean[] {false, true}) {
                    Files.deleteIfExists(rotated(settings.maxFile() - 1, gzip));
                }
                for (int i = settings.maxFile() - 1; i > 1; i--) {
                    for (boolean gzip : new boolean[] {false, true}) {
                        move(rotated(i - 1, gzip), rotated(i, gzip));
                    }
                }
                move(current, rotated(1, false));
            } else {
                Files.deleteIfExists(current); // readers that have it open read on
            }
            out = FileChannel.open(current, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), MODE);
            first = rotated(1, false);
            generation++;
            size = 0;
            lock.notifyAll();
        }
        if (settings.compress() && settings.maxFile() > 1) {
            long last = lastNanos;
            compression = CompletableFuture.runAsync(() -> compress(first, last),
                    command -> Thread.ofVirtual().name("log-compress").start(command));
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // nothing rotated under that name yet
        }
    }

    /** gzips {@code NAME.1} into {@code NAME.1.gz} with Docker's {@code {"lastTime": …}} in the header's extra field. */
    private void compress(Path source, long lastTime) {
        Path target = source.resolveSibling(source.getFileName() + ".gz");
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            byte[] extra = ("{\"lastTime\":\"" + LogTime.format(lastTime) + "\"}").getBytes(StandardCharsets.US_ASCII);
            Files.deleteIfExists(temp);
            Files.createFile(temp, MODE);
            try (InputStream in = Files.newInputStream(source); OutputStream gz = Files.newOutputStream(temp)) {
                Gzip.write(in, gz, extra);
            }
            synchronized (lock) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(source);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "compressing {0}: {1}", source, e.getMessage());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the next start cleans it up
            }
        }
    }

    /** The writer is done (its container stopped): flushes, closes, and lets followers finish. */
    void stopProducing() {
        try {
            flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "writing {0}: {1}", current, e.getMessage());
        }
        synchronized (lock) {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing {0}: {1}", current, e.getMessage());
            }
            out = null;
            producing = false;
            lock.notifyAll();
        }
        pending = NO_BUFFER;
    }

    /** Waits for a compression still running (before the files are removed, or in tests). */
    void awaitCompression() {
        compression.join();
    }

    // --- readers ------------------------------------------------------------------------------

    /** A file of the set, open: {@code generation} orders them; gzipped ones are read as a stream. */
    record Segment(long generation, FileChannel channel, boolean gzip) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    /** The files at one instant, oldest first; the last is the file being written, valid up to {@code currentSize}. */
    record Snapshot(List<Segment> segments, long currentSize, State state) implements AutoCloseable {
        @Override
        public void close() {
            segments.forEach(Segment::close);
        }
    }

    /** What followers watch: the current file's generation, the bytes written so far, whether a writer is at work. */
    record State(long generation, long written, boolean producing) {}

    Snapshot snapshot() throws IOException {
        synchronized (lock) {
            var segments = new ArrayList<Segment>();
            try {
                for (int i = Math.max(1, settings.maxFile() - 1); i >= 1; i--) {
                    openRotated(i).ifPresent(segments::add);
                }
                segments.add(new Segment(generation, openCurrent(), false));
            } catch (IOException | RuntimeException e) {
                segments.forEach(Segment::close);
                throw e;
            }
            return new Snapshot(List.copyOf(segments), size, new State(generation, written, producing));
        }
    }

    State state() {
        synchronized (lock) {
            return new State(generation, written, producing);
        }
    }

    /** Waits until something is written or rotated after {@code seen}, the writer stops, or the time is up. */
    void awaitChange(State seen, long millis) throws InterruptedException {
        synchronized (lock) {
            if (written == seen.written() && generation == seen.generation() && producing) {
                lock.wait(millis);
            }
        }
    }

    /**
     * The file of {@code wanted} generation, or of the oldest one still there when a follower fell
     * that far behind; empty when it is the current file and that does not exist yet.
     */
    Optional<Segment> open(long wanted) throws IOException {
        synchronized (lock) {
            if (wanted >= generation) {
                return Optional.of(new Segment(generation, openCurrent(), false));
            }
            for (long g = wanted; g < generation; g++) {
                var segment = openRotated((int) (generation - g));
                if (segment.isPresent()) {
                    return segment;
                }
            }
            return Optional.of(new Segment(generation, openCurrent(), false));
        }
    }

    private Optional<Segment> openRotated(int index) throws IOException {
        if (index >= Math.max(2, settings.maxFile())) {
            return Optional.empty();
        }
        for (boolean gzip : new boolean[] {false, true}) {
            Path path = rotated(index, gzip);
            try {
                return Optional.of(new Segment(generation - index, FileChannel.open(path, StandardOpenOption.READ), gzip));
            } catch (NoSuchFileException e) {
                // not under this name
            }
        }
        return Optional.empty();
    }

    private FileChannel openCurrent() throws IOException {
        if (!Files.exists(current)) {
            try {
                Files.createFile(current, MODE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // the writer made it meanwhile
            }
        }
        return FileChannel.open(current, StandardOpenOption.READ);
    }

    /** The files on disk now, for tests and {@code inspect}. */
    List<Path> files() {
        synchronized (lock) {
            var files = new ArrayList<Path>();
            for (int i = Math.max(1, settings.maxFile() - 1); i >= 1; i--) {
                for (boolean gzip : new boolean[] {false, true}) {
                    if (Files.exists(rotated(i, gzip))) {
                        files.add(rotated(i, gzip));
                    }
                }
            }
            if (Files.exists(current)) {
                files.add(current);
            }
            return files;
        }
    }

    /** gzip with an extra field, which java.util.zip's GZIPOutputStream cannot write. */
    static final class Gzip {
        private Gzip() {}

        static void write(InputStream in, OutputStream out, byte[] extra) throws IOException {
            byte[] header = {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 255,
                    (byte) extra.length, (byte) (extra.length >>> 8)};
            out.write(header);
            out.write(extra);
            var deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            var crc = new CRC32();
            byte[] input = new byte[65536];
            byte[] output = new byte[65536];
            long total = 0;
            try {
                int n;
                while ((n = in.read(input)) > 0) {
                    crc.update(input, 0, n);
                    total += n;
                    deflater.setInput(input, 0, n);
                    while (!deflater.needsInput()) {
                        int d = deflater.deflate(output);
                        out.write(output, 0, d);
                    }
                }
                deflater.finish();
                while (!deflater.finished()) {
                    int d = deflater.deflate(output);
                    out.write(output, 0, d);
                }
            } finally {
                deflater.end();
            }
            long value = crc.getValue();
            out.write(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24),
                    (byte) total, (byte) (total >>> 8), (byte) (total >>> 16), (byte) (total >>> 24)});
        }

        /** The header's extra field, if the file has one. */
        static Optional<byte[]> extra(FileChannel channel) throws IOException {
            var head = ByteBuffer.allocate(12);
            channel.read(head, 0);
            if (head.position() < 12 || (head.get(0) & 0xFF) != 0x1f || (head.get(1) & 0xFF) != 0x8b
                    || (head.get(3) & 4) == 0) {
                return Optional.empty();
            }
            int length = (head.get(10) & 0xFF) | (head.get(11) & 0xFF) << 8;
            var extra = ByteBuffer.allocate(length);
            channel.read(extra, 12);
            return Optional.of(extra.array());
        }
    }
}
