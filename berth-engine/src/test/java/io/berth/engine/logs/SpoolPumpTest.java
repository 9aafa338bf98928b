package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.LogsOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolPumpTest {
    @TempDir
    Path dir;

    /** Writes a spool as conmon 2.1.6 does: k8s-file lines, replaced by an empty file when the next line would pass the cap. */
    static final class FakeConmon implements AutoCloseable {
        private final Path spool;
        private final long cap;
        private FileChannel out;
        private long written;
        int swaps;

        Runnable afterSwap = () -> { };

        FakeConmon(Path spool, long cap) throws IOException {
            this.spool = spool;
            this.cap = cap;
            out = FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        void line(String stream, String text, boolean partial) throws IOException {
            String record = "2026-11-28T11:00:00.000000001+01:00 " + stream + (partial ? " P " : " F ") + text + "\n";
            byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
            if (cap > 0 && written + bytes.length > cap) {
                out.close();
                Path tmp = spool.resolveSibling(spool.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                Files.move(tmp, spool, StandardCopyOption.REPLACE_EXISTING);
                written = 0;
                swaps++;
                afterSwap.run();
            }
            out.write(ByteBuffer.wrap(bytes));
            written += bytes.length;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private LogFileSet files() {
        return new LogFileSet(dir.resolve("c-json.log"), new LogSettings(LogDriver.JSON_FILE, 1 << 20, 100, false));
    }

    @Test
    void everyLineArrivesWhileConmonReplacesItsSpool() throws Exception {
        var files = files();
        var alive = new AtomicBoolean(true);
        var pump = new SpoolPump(dir.resolve("ctr.log"), files, alive::get);
        pump.start();

        try (var conmon = new FakeConmon(dir.resolve("ctr.log"), 20_000)) {
            // the pump runs on its own meanwhile; a catch-up after each replacement keeps it from
            // falling a whole spool behind, which (with conmon's real cap of at least 16 MiB) only a
            // daemon stalled for that long would
            conmon.afterSwap = pump::catchUp;
            for (int i = 0; i < 20_000; i++) {
                conmon.line(i % 3 == 0 ? "stderr" : "stdout", "line " + i, false);
                if (i == 0) {
                    // the pump has the spool open before conmon first replaces it, as inotify wakes it
                    // as soon as conmon creates the file; here the first spool fills in well under a
                    // millisecond, and lines written to a file nobody has open yet are lost with it
                    pump.catchUp();
                } else if (i % 1000 == 0) {
                    pump.wake();
                }
            }
            assertThat(conmon.swaps).isGreaterThan(50);
        }
        alive.set(false);
        pump.runEnded();

        assertThat(pump.awaitDone(60_000)).isTrue();
        assertThat(LogFileSetTest.read(files, LogsOptions.all())).isEqualTo(lines(0, 20_000));
        assertThat(dir.resolve("ctr.log")).doesNotExist();
        assertThat(dir.resolve("ctr.log.pos")).doesNotExist();
    }

    @Test
    void piecesOfALineAreJoinedAndLongLinesSplitAsDockerDoes() throws Exception {
        var files = files();
        String big = "y".repeat(20_000);
        try (var conmon = new FakeConmon(dir.resolve("ctr.log"), 0)) {
            conmon.line("stdout", "hel", true);
            conmon.line("stderr", "between", false);
            conmon.line("stdout", "lo", false);
            conmon.line("stdout", big.substring(0, 8192), true);
            conmon.line("stdout", big.substring(8192, 16384), true);
            conmon.line("stdout", big.substring(16384), false);
            conmon.line("stdout", "no newline", true);
        }

        var pump = new SpoolPump(dir.resolve("ctr.log"), files, () -> false);
        pump.runEnded();
        pump.start();
        assertThat(pump.awaitDone(30_000)).isTrue();

        var json = Files.readAllLines(dir.resolve("c-json.log"));
        assertThat(json).hasSize(5);
        assertThat(json.get(0)).startsWith("{\"log\":\"between\\n\",\"stream\":\"stderr\"");
        assertThat(json.get(1)).startsWith("{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-28T10:00:00.000000001Z\"}");
        assertThat(json.get(2)).startsWith("{\"log\":\"" + "y".repeat(16384) + "\",");
        assertThat(json.get(3)).startsWith("{\"log\":\"" + "y".repeat(20_000 - 16384) + "\\n\",");
        assertThat(json.get(4)).startsWith("{\"log\":\"no newline\",\"stream\":\"stdout\"");
        var sink = new CollectingSink();
        new LogFileReader(files, LogsOptions.all(), sink).read();
        assertThat(sink.stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n" + big + "\nno newline");
    }

    @Test
    void aRestartedPumpGoesOnWhereTheLastStopped() throws Exception {
        var files = files();
        try (var conmon = new FakeConmon(dir.resolve("ctr.log"), 0)) {
            for (int i = 0; i < 500; i++) {
                conmon.line("stdout", "line " + i, false);
            }
            var first = new SpoolPump(dir.resolve("ctr.log"), files, () -> true);
            first.start();
            first.catchUp();
            first.stop();
            assertThat(first.awaitDone(30_000)).isTrue();

            for (int i = 500; i < 1000; i++) {
                conmon.line("stdout", "line " + i, false);
            }
        }
        var second = new SpoolPump(dir.resolve("ctr.log"), files, () -> false);
        second.runEnded();
        second.start();
        assertThat(second.awaitDone(30_000)).isTrue();

        assertThat(LogFileSetTest.read(files, LogsOptions.all())).isEqualTo(lines(0, 1000));
    }

    @Test
    void pumpedPartsOfTheSpoolTakeNoDiskSpace() throws Exception {
        var files = files();
        var pump = new SpoolPump(dir.resolve("ctr.log"), files, () -> true);
        pump.start();
        try (var conmon = new FakeConmon(dir.resolve("ctr.log"), 0)) {
            for (int i = 0; i < 100_000; i++) {
                conmon.line("stdout", "line " + i + " " + "z".repeat(50), false);
            }
        }

        pump.catchUp();
        long apparent = Files.size(dir.resolve("ctr.log"));
        long allocated = Long.parseLong(io.berth.common.Exec.run(List.of("stat", "-c", "%b",
                dir.resolve("ctr.log").toString()), java.time.Duration.ofSeconds(10)).out().strip()) * 512;

        assertThat(apparent).isGreaterThan(8_000_000);
        assertThat(allocated).isLessThan(2_100_000);
        pump.stop();
        pump.awaitDone(30_000);
    }

    @Test
    void catchUpMakesEverythingWrittenReadable() throws Exception {
        var files = files();
        var pump = new SpoolPump(dir.resolve("ctr.log"), files, () -> true);
        pump.start();
        try (var conmon = new FakeConmon(dir.resolve("ctr.log"), 0)) {
            for (int i = 0; i < 100; i++) {
                conmon.line("stdout", "line " + i, false);
            }
        }

        pump.catchUp();

        assertThat(LogFileSetTest.read(files, LogsOptions.all())).isEqualTo(lines(0, 100));
        pump.stop();
        pump.awaitDone(30_000);
    }

    private static List<String> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line " + i).toList();
    }
}
