package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.LogsOptions;
import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Log drivers with real conmon: json-file rotation (size, count, compression) with no lost line,
 * logs -f across rotations, --tail/--since/--until over rotated files, local and none; through the
 * docker CLI (run --log-driver/--log-opt, logs, inspect) and the API.
 */
@RequiresRoot
class LogsIT {
    /** 95 x's then the line's number: about 100 bytes a line. */
    private static final String NUMBERED = "seq 1 %d | sed 's/^/" + "x".repeat(95) + " /'";

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void fiftyMegabytesRotateIntoTheRightNumberOfFilesWithoutLosingALine() throws Exception {
        String id = run("fifty", List.of("--log-opt", "max-size=10m", "--log-opt", "max-file=20"),
                NUMBERED.formatted(500_000));
        awaitExit(id);
        var checker = new NumberedLines();

        berthd.client().containers().logs(id, LogsOptions.all(), false, checker, checker);
        var files = jsonFiles(id);
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }

        assertThat(checker.count).isEqualTo(500_000);
        assertThat(checker.outOfOrder).isZero();
        assertThat(total).isGreaterThan(80_000_000); // json-file's framing on 50 MB of lines
        assertThat(files).hasSize((int) Math.ceil(total / 10_000_000.0));
        for (Path rotated : files.subList(0, files.size() - 1)) {
            assertThat(Files.size(rotated)).isBetween(10_000_000L, 10_000_000L + 300);
        }
        assertThat(files.getLast().getFileName().toString()).isEqualTo(id + "-json.log");
        assertThat(Files.readAllLines(files.getFirst()).getFirst())
                .matches("\\{\"log\":\"x{95} 1\\\\n\",\"stream\":\"stdout\",\"time\":\"\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\"}");
        // the run is over: once the pump has drained it, its spool goes
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(dir(id).resolve("ctr.log")));
    }

    @Test
    void followGetsEveryLineAcrossRotations() throws Exception {
        String id = run("follow", List.of("--log-opt", "max-size=20k", "--log-opt", "max-file=200"),
                "sleep 1; for i in $(seq 1 40); do " + NUMBERED.formatted(100) + "; sleep 0.05; done");
        var checker = new NumberedLines();
        var failure = new AtomicReference<Throwable>();
        var api = Thread.ofVirtual().start(() -> {
            try {
                berthd.client().containers().logs(id, follow(), false, checker, checker);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        var cli = berthd.docker("logs", "-f", "follow");
        api.join(Duration.ofMinutes(2));

        assertThat(failure.get()).isNull();
        assertThat(checker.count).isEqualTo(4000);
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out().lines().count()).isEqualTo(4000);
        assertThat(jsonFiles(id).size()).isGreaterThan(10);
    }

    @Test
    void tailSinceAndUntilOverRotatedCompressedFiles() throws Exception {
        String id = run("window", List.of("--log-opt", "max-size=20k", "--log-opt", "max-file=100",
                "--log-opt", "compress=true"), NUMBERED.formatted(3000) + "; sleep 2; echo late1; echo late2");
        awaitExit(id);
        Instant finished = Instant.parse(inspect("window").path("State").path("FinishedAt").asText());
        String since = finished.minusMillis(1500).toString();

        var tail = berthd.docker("logs", "--tail", "3", "window");
        var recent = berthd.docker("logs", "--since", since, "window");
        var old = berthd.docker("logs", "--until", since, "--tail", "2", "window");
        var stamped = berthd.docker("logs", "-t", "--tail", "1", "window");

        assertThat(tail.out()).isEqualTo("x".repeat(95) + " 3000\nlate1\nlate2\n");
        assertThat(recent.out()).isEqualTo("late1\nlate2\n");
        assertThat(old.out()).isEmpty(); // tail counts the last records, then until drops them, as Docker
        assertThat(berthd.docker("logs", "--until", since, "window").out().lines().count()).isEqualTo(3000);
        assertThat(stamped.out()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z late2\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> jsonFiles(id).stream()
                .filter(p -> p.toString().endsWith(".gz")).count() == jsonFiles(id).size() - 1);
    }

    @Test
    void maxFileIsRespectedAndTheNewestLinesKept() throws Exception {
        String id = run("capped", List.of("--log-opt", "max-size=10k", "--log-opt", "max-file=3"),
                NUMBERED.formatted(3000));
        awaitExit(id);

        var out = berthd.docker("logs", "capped").out().lines().toList();

        assertThat(jsonFiles(id)).hasSize(3);
        assertThat(out).hasSizeBetween(150, 300).last().asString().endsWith(" 3000");
        int first = Integer.parseInt(out.getFirst().substring(96));
        assertThat(out).isEqualTo(IntStream.rangeClosed(first, 3000).mapToObj(i -> "x".repeat(95) + " " + i).toList());
    }

    @Test
    void driverNoneKeepsNothingAndLogsSaysSoAsDocker() throws Exception {
        var run = berthd.docker("run", "--name", "silent", "--log-driver", "none", "busybox", "echo", "hi");
        var logs = berthd.docker("logs", "silent");
        var config = inspect("silent");

        assertThat(run.out()).isEqualTo("hi\n"); // attached: the output still reaches the client
        assertThat(logs.exitCode()).isEqualTo(1);
        assertThat(logs.err()).isEqualTo("Error response from daemon: configured logging driver does not support reading\n");
        assertThat(config.path("HostConfig").path("LogConfig").toString()).isEqualTo("{\"Type\":\"none\",\"Config\":{}}");
        assertThat(config.path("LogPath").asText()).isEmpty();
        String id = config.path("Id").asText();
        try (Stream<Path> files = Files.list(dir(id))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("log"));
        }
    }

    @Test
    void localDriverWritesDockersLocalFormat() throws Exception {
        String id = run("local", List.of("--log-driver", "local", "--log-opt", "max-size=10k"),
                NUMBERED.formatted(500) + "; printf 'no newline'");
        awaitExit(id);
        var config = inspect("local");

        var out = berthd.docker("logs", "local").out();

        assertThat(out).endsWith(" 500\nno newline");
        assertThat(config.path("LogPath").asText()).isEmpty();
        assertThat(config.path("HostConfig").path("LogConfig").toString())
                .isEqualTo("{\"Type\":\"local\",\"Config\":{\"max-size\":\"10k\"}}");
        assertThat(dir(id).resolve("local-logs").resolve("container.log")).exists();
        assertThat(dir(id).resolve("local-logs").resolve("container.log.1.gz")).exists();
        assertThat(berthd.docker("logs", "--tail", "1", "local").out()).isEqualTo("no newline");
    }

    @Test
    void inspectShowsLogConfigAndLogPathAsDocker() throws Exception {
        String id = berthd.docker("create", "--name", "shown", "--log-opt", "max-size=1m", "busybox", "true")
                .out().strip();
        var created = inspect("shown");
        berthd.docker("start", "-a", "shown");
        var started = inspect("shown");

        assertThat(created.path("HostConfig").path("LogConfig").toString())
                .isEqualTo("{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"1m\"}}");
        assertThat(created.path("LogPath").asText()).isEmpty();
        assertThat(started.path("LogPath").asText()).isEqualTo(dir(id).resolve(id + "-json.log").toString());
        assertThat(berthd.docker("info", "--format", "{{.LoggingDriver}}").out()).isEqualTo("json-file\n");
    }

    @Test
    void badLogOptionsAreRefusedWithDockersWordsAndLeaveNothing() {
        var maxFile = berthd.docker("run", "--name", "bad1", "--log-opt", "max-file=0", "busybox", "true");
        var driver = berthd.docker("create", "--name", "bad2", "--log-driver", "syslog", "busybox", "true");
        var opt = berthd.docker("create", "--name", "bad3", "--log-opt", "foo=bar", "busybox", "true");
        var noneOpts = berthd.docker("create", "--log-driver", "none", "--log-opt", "max-size=1m", "busybox", "true");

        assertThat(maxFile.exitCode()).isEqualTo(125);
        assertThat(maxFile.err()).startsWith("docker: Error response from daemon: failed to initialize logging driver: "
                + "max-file cannot be less than 1");
        assertThat(driver.err()).startsWith("Error response from daemon: logger: no log driver named 'syslog' is registered");
        assertThat(opt.err()).startsWith("Error response from daemon: unknown log opt 'foo' for json-file log driver");
        assertThat(noneOpts.err()).startsWith("docker: invalid logging opts for driver none");
        assertThat(berthd.docker("ps", "-a", "--filter", "name=bad", "-q").out()).isEmpty();
    }

    @Test
    void berthsCliTakesTheSameFlags() throws Exception {
        var run = berthd.berth("run", "--name", "berth-flags", "--log-driver", "local", "--log-opt", "max-file=2",
                "busybox", "echo", "from berth");
        var logs = berthd.berth("logs", "berth-flags");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(logs.out()).isEqualTo("from berth\n");
        assertThat(inspect("berth-flags").path("HostConfig").path("LogConfig").toString())
                .isEqualTo("{\"Type\":\"local\",\"Config\":{\"max-file\":\"2\"}}");
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static String run(String name, List<String> options, String script) {
        var argv = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "none"));
        argv.addAll(options);
        argv.addAll(List.of("busybox", "sh", "-c", script));
        var result = berthd.docker(argv.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out().strip();
    }

    private static void awaitExit(String id) throws InterruptedException {
        assertThat(berthd.client().containers().await(id, io.berth.api.model.WaitCondition.NOT_RUNNING).statusCode())
                .isZero();
    }

    private static com.fasterxml.jackson.databind.JsonNode inspect(String name) {
        return Json.tree(berthd.docker("inspect", name).out().getBytes(StandardCharsets.UTF_8)).get(0);
    }

    private static Path dir(String id) {
        return berthd.dataRoot().resolve("containers").resolve(id);
    }

    /** The json-file's files, oldest first. */
    private static List<Path> jsonFiles(String id) throws IOException {
        try (Stream<Path> files = Files.list(dir(id))) {
            return files.filter(p -> p.getFileName().toString().startsWith(id + "-json.log"))
                    .sorted((a, b) -> Integer.compare(rank(b, id), rank(a, id)))
                    .toList();
        }
    }

    private static int rank(Path file, String id) {
        String rest = file.getFileName().toString().substring((id + "-json.log").length()).replace(".gz", "");
        return rest.isEmpty() ? 0 : Integer.parseInt(rest.substring(1));
    }

    private static LogsOptions follow() {
        return new LogsOptions(true, true, true, Optional.empty(), Optional.empty(), OptionalInt.empty(), false);
    }

    /** Counts {@code NUMBERED} lines as they stream by and notes any that does not follow its predecessor. */
    static final class NumberedLines extends OutputStream {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        long count;
        long outOfOrder;
        long last;

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            line.reset();
            long number = Long.parseLong(text.substring(text.lastIndexOf(' ') + 1));
            count++;
            if (number != last + 1 && !(number == 1 && last == 100)) {
                outOfOrder++;
            }
            last = number;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
