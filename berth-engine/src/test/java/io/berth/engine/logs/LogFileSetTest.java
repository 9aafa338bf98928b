package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.LogsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileSetTest {
    private static final long T0 = LogTimeTest.nanos("2026-11-28T10:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void rotatesIntoTheRightNumberOfFilesAndKeepsEveryLine() throws Exception {
        var files = jsonFiles(10_000, 100, false);

        write(files, 0, 1000, 1);
        files.stopProducing();
        var sizes = new ArrayList<Long>();
        for (Path f : files.files()) {
            sizes.add(Files.size(f));
        }
        long total = sizes.stream().mapToLong(Long::longValue).sum();

        assertThat(files.files()).hasSize((int) Math.ceil(total / 10_000.0));
        assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(size -> assertThat(size).isBetween(10_000L, 10_100L));
        assertThat(sizes.getLast()).isLessThan(10_000L);
        assertThat(read(files, all())).isEqualTo(lines(0, 1000));
    }

    @Test
    void maxFileIsRespectedAndTheNewestLinesAreKept() throws Exception {
        var files = jsonFiles(2_000, 3, false);

        write(files, 0, 1000, 1);
        files.stopProducing();

        assertThat(files.files()).hasSize(3);
        var kept = read(files, all());
        assertThat(kept).isNotEmpty().isEqualTo(lines(1000 - kept.size(), 1000));
        assertThat(kept.size()).isLessThan(200);
    }

    @Test
    void compressedFilesCarryTheirLastTimeAndReadBack() throws Exception {
        var files = jsonFiles(2_000, 4, true);

        write(files, 0, 120, 1);
        files.stopProducing();
        files.awaitCompression();

        assertThat(files.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("c-json.log.3.gz", "c-json.log.2.gz", "c-json.log.1.gz", "c-json.log");
        Path first = files.files().getFirst();
        try (var channel = java.nio.channels.FileChannel.open(first)) {
            String extra = new String(LogFileSet.Gzip.extra(channel).orElseThrow(), StandardCharsets.US_ASCII);
            assertThat(extra).matches("\\{\"lastTime\":\"2026-11-28T10:\\d\\d:\\d\\dZ\"}");
        }
        try (var in = new GZIPInputStream(Files.newInputStream(first))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("{\"log\":\"line ");
        }
        var kept = read(files, all());
        assertThat(kept).isEqualTo(lines(120 - kept.size(), 120));
        assertThat(read(files, tail(30))).isEqualTo(lines(90, 120));
    }

    @Test
    void tailReadsBackwardsFromTheEndOnly() throws Exception {
        var files = jsonFiles(100_000, 10, false);
        write(files, 0, 20_000, 1);
        files.stopProducing();

        var sink = new CollectingSink();
        var reader = new LogFileReader(files, tail(5), sink);
        reader.read();

        assertThat(sink.lines()).isEqualTo(lines(19_995, 20_000));
        assertThat(reader.bytesRead()).isLessThan(200_000);
        assertThat(read(files, tail(0))).isEmpty();
    }

    @Test
    void sinceSkipsOlderFilesAndUntilStops() throws Exception {
        var files = jsonFiles(50_000, 20, false);
        write(files, 0, 10_000, 1); // line i at T0 + i seconds, 14 files
        files.stopProducing();
        long total = files.files().stream().mapToLong(p -> p.toFile().length()).sum();

        var sink = new CollectingSink();
        var reader = new LogFileReader(files, window(T0 + 9_990 * SECOND, Long.MAX_VALUE), sink);
        reader.read();

        assertThat(sink.lines()).isEqualTo(lines(9_990, 10_000));
        assertThat(reader.bytesRead()).isLessThan(total / 5);
        assertThat(read(files, window(T0 + 100 * SECOND, T0 + 104 * SECOND))).isEqualTo(lines(100, 105));
        assertThat(read(files, window(T0 + 20_000 * SECOND, Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void tailCountsRecordsBeforeSinceFiltersThem() throws Exception {
        var files = jsonFiles(1_000, 5, false);
        write(files, 0, 50, 1);
        files.stopProducing();

        var options = new LogsOptions(true, true, false, Optional.of(instant(T0 + 47 * SECOND)), Optional.empty(),
                OptionalInt.of(5), false);

        assertThat(read(files, options)).isEqualTo(lines(47, 50));
    }

    @Test
    void streamsAreSelectedAndTimestampsShown() throws Exception {
        var files = jsonFiles(1_000, 5, false);
        byte[] out = "out".getBytes(StandardCharsets.US_ASCII);
        byte[] err = "err".getBytes(StandardCharsets.US_ASCII);
        files.startProducing();
        files.write(1, T0, out, 0, out.length, true, LogFormat.Partial.NONE);
        files.write(2, T0 + 1, err, 0, err.length, true, LogFormat.Partial.NONE);
        files.stopProducing();

        var stderrOnly = new LogsOptions(false, true, false, Optional.empty(), Optional.empty(), OptionalInt.empty(), true);

        assertThat(read(files, stderrOnly)).containsExactly("2026-11-28T10:00:00.000000001Z err");
    }

    @Test
    void followersGetEveryLineAcrossRotations() throws Exception {
        // ~110 rotations; enough files kept that the follower cannot fall behind the oldest
        var files = jsonFiles(3_000, 1_000, false);
        files.startProducing();
        var sink = new CollectingSink();
        var failure = new AtomicReference<Throwable>();
        var follower = Thread.ofPlatform().start(() -> {
            try {
                new LogFileReader(files, follow(), sink).read();
            } catch (Throwable e) {
                failure.set(e);
            }
        });

        for (int i = 0; i < 5_000; i += 50) {
            write(files, i, i + 50, 1);
            files.flush();
            if (i % 500 == 0) {
                Thread.sleep(5);
            }
        }
        files.stopProducing();
        follower.join(60_000);

        assertThat(failure.get()).isNull();
        assertThat(follower.isAlive()).isFalse();
        assertThat(sink.lines()).isEqualTo(lines(0, 5_000));
        assertThat(files.files().size()).isGreaterThan(100);
    }

    @Test
    void aTornRecordLeftByACrashIsDroppedBeforeWritingOn() throws Exception {
        var files = jsonFiles(100_000, 2, false);
        write(files, 0, 3, 1);
        files.stopProducing();
        Files.writeString(dir.resolve("c-json.log"), "{\"log\":\"half", java.nio.file.StandardOpenOption.APPEND);

        var reopened = jsonFiles(100_000, 2, false);
        write(reopened, 3, 5, 1);
        reopened.stopProducing();

        assertThat(read(reopened, all())).isEqualTo(lines(0, 5));
    }

    @Test
    void localFilesRotateAndReadBackwardsToo() throws Exception {
        var files = new LogFileSet(dir.resolve("local-logs").resolve("container.log"),
                new LogSettings(LogDriver.LOCAL, 5_000, 4, true));
        write(files, 0, 2_000, 1);
        files.stopProducing();
        files.awaitCompression();

        assertThat(files.files()).hasSize(4);
        assertThat(read(files, tail(3))).isEqualTo(lines(1_997, 2_000));
        var kept = read(files, all());
        assertThat(kept).isEqualTo(lines(2_000 - kept.size(), 2_000));
        assertThat(read(files, window(T0 + 1_998 * SECOND, Long.MAX_VALUE))).isEqualTo(lines(1_998, 2_000));
    }

    private LogFileSet jsonFiles(long maxSize, int maxFile, boolean compress) {
        return new LogFileSet(dir.resolve("c-json.log"), new LogSettings(LogDriver.JSON_FILE, maxSize, maxFile, compress));
    }

    static void write(LogFileSet files, int from, int to, int stream) throws IOException {
        files.startProducing();
        for (int i = from; i < to; i++) {
            byte[] text = ("line " + i).getBytes(StandardCharsets.US_ASCII);
            files.write(stream, T0 + i * SECOND, text, 0, text.length, true, LogFormat.Partial.NONE);
        }
    }

    static List<String> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line " + i).toList();
    }

    static List<String> read(LogFileSet files, LogsOptions options) throws Exception {
        var sink = new CollectingSink();
        new LogFileReader(files, options, sink).read();
        return sink.lines();
    }

    static LogsOptions all() {
        return LogsOptions.all();
    }

    static LogsOptions follow() {
        return new LogsOptions(true, true, true, Optional.empty(), Optional.empty(), OptionalInt.empty(), false);
    }

    static LogsOptions tail(int n) {
        return new LogsOptions(true, true, false, Optional.empty(), Optional.empty(), OptionalInt.of(n), false);
    }

    static LogsOptions window(long since, long until) {
        return new LogsOptions(true, true, false, Optional.of(instant(since)),
                until == Long.MAX_VALUE ? Optional.empty() : Optional.of(instant(until)), OptionalInt.empty(), false);
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}
