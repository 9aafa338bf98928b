package io.berth.engine.logs;

import io.berth.api.model.LogsOptions;
import io.berth.engine.container.OutputSink;
import io.berth.runtime.conmon.K8sLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's log written by conmon itself ({@code k8s-file}, Podman's driver, which
 * containers created before Berth wrote Docker's formats have) for {@code logs} and attach replays:
 * stream selection, {@code since}/{@code until}, {@code tail}, timestamps, and {@code follow} until
 * the container stops.
 */
final class K8sFileReader {
    private K8sFileReader() {}

    static void read(Path logFile, LogsOptions options, OutputSink sink, BooleanSupplier running)
            throws IOException, InterruptedException {
        long position = 0;
        if (Files.exists(logFile)) {
            position = dump(logFile, options, sink);
        }
        sink.flush();
        if (!options.follow()) {
            return;
        }
        var partial = new ByteArrayOutputStream();
        int idle = 0;
        while (true) {
            if (options.until().isPresent() && Instant.now().isAfter(options.until().get())) {
                return;
            }
            boolean wasRunning = running.getAsBoolean();
            long before = position;
            if (Files.exists(logFile)) {
                position = readFrom(logFile, position, partial, options, sink);
            }
            if (position != before) {
                sink.flush();
                idle = 0;
                continue;
            }
            if (!wasRunning) {
                return; // it stopped and everything it wrote has been read
            }
            Thread.sleep(Math.min(100, 5 + idle * 5L));
            idle++;
        }
    }

    /** Writes what is in the file now (honouring {@code tail}); returns the offset after the last full line. */
    private static long dump(Path logFile, LogsOptions options, OutputSink sink) throws IOException {
        if (options.tail().isEmpty()) {
            var partial = new ByteArrayOutputStream();
            return readFrom(logFile, 0, partial, options, sink);
        }
        int tail = options.tail().getAsInt();
        var kept = new ArrayDeque<K8sLog.Entry>();
        long position;
        try (var file = new RandomAccessFile(logFile.toFile(), "r")) {
            byte[] all = new byte[(int) Math.min(file.length(), Integer.MAX_VALUE - 16)];
            file.readFully(all);
            int start = 0;
            position = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    var entry = K8sLog.parse(java.util.Arrays.copyOfRange(all, start, i), i - start);
                    start = i + 1;
                    position = start;
                    if (entry != null && selected(entry, options)) {
                        kept.addLast(entry);
                        if (kept.size() > tail) {
                            kept.removeFirst();
                        }
                    }
                }
            }
        }
        if (tail > 0) {
            for (var entry : kept) {
                emit(entry, options, sink);
            }
        }
        return position;
    }

    private static long readFrom(Path logFile, long position, ByteArrayOutputStream partial, LogsOptions options,
                                 OutputSink sink) throws IOException {
        try (var file = new RandomAccessFile(logFile.toFile(), "r")) {
            if (file.length() < position) {
                position = 0; // the log was rotated or truncated
            }
            file.seek(position);
            byte[] buffer = new byte[65536];
            int n;
            while ((n = file.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        partial.write(buffer, start, i - start);
                        byte[] line = partial.toByteArray();
                        partial.reset();
                        position += line.length + 1;
                        var entry = K8sLog.parse(line, line.length);
                        if (entry != null && selected(entry, options)) {
                            emit(entry, options, sink);
                        }
                        start = i + 1;
                    }
                }
                partial.write(buffer, start, n - start);
            }
            // an unfinished line stays unread until its newline arrives
            partial.reset();
            return position;
        }
    }

    private static boolean selected(K8sLog.Entry entry, LogsOptions options) {
        if (entry.stream() == OutputSink.STDOUT && !options.stdout()) {
            return false;
        }
        if (entry.stream() == OutputSink.STDERR && !options.stderr()) {
            return false;
        }
        if (options.since().isPresent() && entry.time().isBefore(options.since().get())) {
            return false;
        }
        return options.until().isEmpty() || !entry.time().isAfter(options.until().get());
    }

    private static void emit(K8sLog.Entry entry, LogsOptions options, OutputSink sink) throws IOException {
        if (options.timestamps()) {
            byte[] stamp = (new String(LogTime.fixed(LogTime.nanos(entry.time())), StandardCharsets.US_ASCII) + " ")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] data = new byte[stamp.length + entry.data().length];
            System.arraycopy(stamp, 0, data, 0, stamp.length);
            System.arraycopy(entry.data(), 0, data, stamp.length, entry.data().length);
            sink.write(entry.stream(), data, 0, data.length);
        } else {
            sink.write(entry.stream(), entry.data(), 0, entry.data().length);
        }
    }
}
