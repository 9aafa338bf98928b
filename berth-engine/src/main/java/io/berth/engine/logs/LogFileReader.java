package io.berth.engine.logs;

import io.berth.api.model.LogsOptions;
import io.berth.engine.container.OutputSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a {@link LogFileSet} for {@code logs}: the records selected by stream and
 * {@code since}/{@code until}/{@code tail}, then, with {@code follow}, what is written next, across
 * rotations, until the writer stops.
 *
 * <p>The history is not read whole: {@code tail} reads the files backwards from their end and stops
 * after N records; {@code since} skips the rotated files whose last record is older (for gzipped
 * ones, the time Docker's header records) and reads the first newer file backwards only as far as
 * {@code since}. Records are assumed to be in time order within the log, which holds unless the
 * clock is set back. As Docker does, {@code tail} counts records before the other filters apply,
 * and the first record after {@code until} ends the read.
 */
final class LogFileReader {
    private static final int CHUNK = 1 << 20;

    private final LogFileSet files;
    private final LogsOptions options;
    private final OutputSink sink;
    private final LogFormat format;
    private final long since;
    private final long until;
    private final List<Path> temps = new ArrayList<>();
    private byte[] buffer = new byte[CHUNK];
    private boolean pastUntil;
    private long bytesRead;

    LogFileReader(LogFileSet files, LogsOptions options, OutputSink sink) {
        this.files = files;
        this.options = options;
        this.sink = sink;
        this.format = LogFormat.of(files.settings().driver());
        this.since = options.since().map(LogTime::nanos).orElse(Long.MIN_VALUE);
        this.until = options.until().map(LogTime::nanos).orElse(Long.MAX_VALUE);
    }

    /** A file of the snapshot as something that can be read at any offset (gzipped ones decompressed on demand). */
    private final class Source {
        final LogFileSet.Segment segment;
        final long limit;
        FileChannel plain;

        Source(LogFileSet.Segment segment, long limit) {
            this.segment = segment;
            this.limit = limit;
            this.plain = segment.gzip() ? null : segment.channel();
        }

        long size() throws IOException {
            return limit >= 0 ? limit : channel().size();
        }

        FileChannel channel() throws IOException {
            if (plain == null) {
                plain = decompressed(segment.channel());
            }
            return plain;
        }

        /** The time of the last record: from the gzip header when there is one. */
        long lastTime() throws IOException {
            if (segment.gzip()) {
                var extra = LogFileSet.Gzip.extra(segment.channel());
                if (extra.isPresent()) {
                    String text = new String(extra.get(), java.nio.charset.StandardCharsets.UTF_8);
                    int at = text.indexOf("\"lastTime\":\"");
                    if (at >= 0) {
                        int start = at + "\"lastTime\":\"".length();
                        int end = text.indexOf('"', start);
                        if (end > start) {
                            byte[] time = text.substring(start, end).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                            long nanos = LogTime.parse(time, 0, time.length);
                            if (nanos != LogTime.UNKNOWN) {
                                return nanos;
                            }
                        }
                    }
                }
            }
            long size = size();
            if (size == 0) {
                return LogTime.UNKNOWN;
            }
            var reader = backward(channel(), size);
            long start = format.recordStart(reader, size);
            if (start < 0) {
                return LogTime.UNKNOWN;
            }
            return timeAt(channel(), start, size);
        }
    }

    void read() throws IOException, InterruptedException {
        try (var snapshot = files.snapshot()) {
            var sources = new ArrayList<Source>();
            for (var segment : snapshot.segments()) {
                boolean isCurrent = segment == snapshot.segments().getLast();
                sources.add(new Source(segment, isCurrent ? snapshot.currentSize() : -1));
            }
            int[] startIndex = new int[1];
            long startOffset = start(sources, startIndex);
            for (int i = startIndex[0]; i < sources.size() && !pastUntil; i++) {
                var source = sources.get(i);
                long from = i == startIndex[0] ? startOffset : 0;
                if (source.segment.gzip() && from == 0 && source.plain == null) {
                    stream(source.segment.channel());
                } else {
                    forward(source.channel(), from, source.size());
                }
            }
            sink.flush();
            if (options.follow() && !pastUntil) {
                follow(snapshot.segments().getLast(), snapshot.currentSize(), snapshot.state());
            }
        } finally {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Where to begin reading forwards: the source's index (in {@code index[0]}) and the offset in it. */
    private long start(List<Source> sources, int[] index) throws IOException {
        if (options.tail().isPresent()) {
            int wanted = options.tail().getAsInt();
            if (wanted <= 0) {
                index[0] = sources.size() - 1;
                return sources.getLast().size();
            }
            int found = 0;
            for (int i = sources.size() - 1; i >= 0; i--) {
                var source = sources.get(i);
                long size = source.size();
                var reader = backward(source.channel(), size);
                long end = size;
                while (end > 0) {
                    long start = format.recordStart(reader, end);
                    if (start < 0) {
                        break; // broken framing: what is older in this file cannot be reached
                    }
                    if (options.since().isPresent() && timeAt(source.channel(), start, end) < since) {
                        index[0] = i;
                        return end;
                    }
                    found++;
                    if (found == wanted) {
                        index[0] = i;
                        return start;
                    }
                    end = start;
                }
            }
            index[0] = 0;
            return 0;
        }
        if (options.since().isPresent()) {
            int first = sources.size() - 1;
            for (int i = 0; i < sources.size(); i++) {
                long last = sources.get(i).lastTime();
                if (last == LogTime.UNKNOWN || last >= since) {
                    first = i;
                    break;
                }
            }
            var source = sources.get(first);
            long size = source.size();
            var reader = backward(source.channel(), size);
            long end = size;
            while (end > 0) {
                long start = format.recordStart(reader, end);
                if (start < 0 || timeAt(source.channel(), start, end) < since) {
                    break;
                }
                end = start;
            }
            index[0] = first;
            return end;
        }
        index[0] = 0;
        return 0;
    }

    private final List<BackwardReader> backwardReaders = new ArrayList<>();

    private BackwardReader backward(FileChannel channel, long size) {
        var reader = new BackwardReader(channel, size);
        backwardReaders.add(reader);
        return reader;
    }

    /** Bytes this reader read from the files (decompression aside): what {@code tail} and {@code since} save. */
    long bytesRead() {
        return bytesRead + backwardReaders.stream().mapToLong(BackwardReader::loaded).sum();
    }

    private long timeAt(FileChannel channel, long start, long end) throws IOException {
        int length = (int) (end - start);
        byte[] record = length <= buffer.length ? buffer : new byte[length];
        readFully(channel, record, length, start);
        bytesRead += length;
        return format.time(record, 0, length);
    }

    /** Emits the records in {@code [from, to)}; returns where the first incomplete one starts. */
    private long forward(FileChannel channel, long from, long to) throws IOException {
        long position = from;
        int held = 0;
        while (position + held < to && !pastUntil) {
            if (held == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = channel.read(ByteBuffer.wrap(buffer, held, (int) Math.min(buffer.length - held, to - position - held)),
                    position + held);
            if (n <= 0) {
                break;
            }
            bytesRead += n;
            held += n;
            int used = records(buffer, held);
            if (used < 0) {
                return to; // broken framing: skip the rest of this file
            }
            System.arraycopy(buffer, used, buffer, 0, held - used);
            held -= used;
            position += used;
        }
        return position;
    }

    /** Reads a gzipped file from its start. */
    private void stream(FileChannel channel) throws IOException {
        channel.position(0);
        try (InputStream in = new GZIPInputStream(Channels.newInputStream(channel), 65536)) {
            int held = 0;
            while (!pastUntil) {
                if (held == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, held, buffer.length - held);
                if (n < 0) {
                    break;
                }
                held += n;
                int used = records(buffer, held);
                if (used < 0) {
                    return;
                }
                System.arraycopy(buffer, used, buffer, 0, held - used);
                held -= used;
            }
        }
    }

    /** Emits the whole records at the start of {@code b}; returns the bytes used, or -1 for broken framing. */
    private int records(byte[] b, int length) throws IOException {
        int at = 0;
        while (at < length && !pastUntil) {
            int record = format.recordLength(b, at, length - at);
            if (record == LogFormat.INCOMPLETE) {
                break;
            }
            if (record == LogFormat.CORRUPT) {
                return -1;
            }
            var decoded = format.decode(b, at, record);
            at += record;
            if (decoded.isEmpty()) {
                continue;
            }
            var r = decoded.get();
            if (r.timeNanos() < since) {
                continue;
            }
            if (r.timeNanos() > until) {
                pastUntil = true;
                break;
            }
            emit(r);
        }
        return at;
    }

    private void emit(LogRecord r) throws IOException {
        if (r.stream() == OutputSink.STDOUT && !options.stdout() || r.stream() == OutputSink.STDERR && !options.stderr()) {
            return;
        }
        if (options.timestamps()) {
            byte[] stamp = LogTime.fixed(r.timeNanos());
            byte[] data = new byte[stamp.length + 1 + r.data().length];
            System.arraycopy(stamp, 0, data, 0, stamp.length);
            data[stamp.length] = ' ';
            System.arraycopy(r.data(), 0, data, stamp.length + 1, r.data().length);
            sink.write(r.stream(), data, 0, data.length);
        } else {
            sink.write(r.stream(), r.data(), 0, r.data().length);
        }
    }

    /**
     * Follows the file being written from {@code position}; at a rotation, finishes the file (no
     * more is written to it) and opens the next generation. Ends when the writer stops and all it
     * wrote was read, or at {@code until}.
     */
    private void follow(LogFileSet.Segment segment, long position, LogFileSet.State seen)
            throws IOException, InterruptedException {
        long generation = segment.generation();
        FileChannel channel = segment.channel();
        LogFileSet.Segment owned = null;
        try {
            while (!pastUntil) {
                if (options.until().isPresent() && Instant.now().isAfter(options.until().get())) {
                    return;
                }
                var state = files.state();
                long before = position;
                position = forward(channel, position, channel.size());
                if (position != before) {
                    sink.flush();
                }
                if (state.generation() > generation) {
                    position = forward(channel, position, channel.size()); // it is final now
                    sink.flush();
                    if (owned != null) {
                        owned.close();
                    }
                    var next = files.open(generation + 1);
                    if (next.isEmpty()) {
                        return;
                    }
                    owned = next.get();
                    generation = owned.generation();
                    if (owned.gzip()) {
                        stream(owned.channel()); // fell behind by a whole file: it is final too
                        sink.flush();
                        generation++;
                        var after = files.open(generation);
                        owned.close();
                        if (after.isEmpty()) {
                            return;
                        }
                        owned = after.get();
                        generation = owned.generation();
                    }
                    channel = owned.channel();
                    position = 0;
                    continue;
                }
                if (!state.producing() && position == before) {
                    return; // the container stopped and everything it wrote has been read
                }
                if (position == before) {
                    files.awaitChange(state, 1000);
                }
            }
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
    }

    private FileChannel decompressed(FileChannel gzip) throws IOException {
        Path dir = files.current().getParent();
        Path temp = Files.createTempFile(dir, ".logs-", ".tmp");
        temps.add(temp);
        gzip.position(0);
        try (InputStream in = new GZIPInputStream(Channels.newInputStream(gzip), 65536)) {
            Files.copy(in, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE);
    }

    private static void readFully(FileChannel channel, byte[] into, int length, long at) throws IOException {
        var buffer = ByteBuffer.wrap(into, 0, length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new IOException("log file shorter than expected");
            }
        }
    }
}
