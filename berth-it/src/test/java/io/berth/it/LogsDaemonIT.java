package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon's side of logs: daemon.json {@code log-driver}/{@code log-opts} as every container's
 * defaults, and the cap that holds while berthd is down (conmon's spool), with pumping resumed
 * where it stopped once berthd is back.
 */
@RequiresRoot
class LogsDaemonIT {
    private static final Path CONFIG = writeConfig();

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot("--config-file", CONFIG.toString());

    private static Path writeConfig() {
        try {
            Path file = Files.createTempFile("berth-daemon", ".json");
            Files.writeString(file, """
                    {"bip": "%s", "log-driver": "local", "log-opts": {"max-size": "1m", "max-file": "3"}}
                    """.formatted(BerthdExtension.randomBridgeSubnet()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @AfterAll
    static void tearDown() throws IOException {
        Files.deleteIfExists(CONFIG);
    }

    @Test
    void daemonJsonSetsTheDefaultDriverAndOptions() {
        berthd.docker("run", "--name", "defaults", "--network", "none", "busybox", "echo", "hi");
        berthd.docker("run", "--name", "own-opt", "--network", "none", "--log-opt", "max-file=2", "busybox", "true");
        berthd.docker("run", "--name", "other-driver", "--network", "none", "--log-driver", "json-file", "busybox", "true");

        assertThat(berthd.docker("info", "--format", "{{.LoggingDriver}}").out()).isEqualTo("local\n");
        assertThat(logConfig("defaults")).isEqualTo("{\"Type\":\"local\",\"Config\":{\"max-file\":\"3\",\"max-size\":\"1m\"}}");
        assertThat(logConfig("own-opt")).isEqualTo("{\"Type\":\"local\",\"Config\":{\"max-file\":\"2\",\"max-size\":\"1m\"}}");
        assertThat(logConfig("other-driver")).isEqualTo("{\"Type\":\"json-file\",\"Config\":{}}");
        assertThat(berthd.docker("logs", "defaults").out()).isEqualTo("hi\n");
    }

    @Test
    void withoutADaemonTheSpoolStaysUnderItsCapAndPumpingResumesAfterwards() throws Exception {
        // budget 1 MB × 3: conmon's spool is capped at 16 MiB while no daemon pumps it
        var run = berthd.docker("run", "-d", "--name", "unattended", "--network", "none", "busybox", "sh", "-c",
                "echo before; sleep 3; yes " + "y".repeat(99) + " | head -n 400000; echo after");
        String id = run.out().strip();
        await().atMost(Duration.ofSeconds(30)).until(() -> berthd.docker("logs", "unattended").out().equals("before\n"));
        Path spool = berthd.dataRoot().resolve("containers").resolve(id).resolve("ctr.log");

        berthd.kill9();
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(berthd.execRoot().resolve("exits").resolve(id)));
        long spoolSize = Files.size(spool);
        berthd.start();

        assertThat(spoolSize).isBetween(1L, 16L * 1024 * 1024);
        await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(spool)); // pumped, then dropped
        var tail = berthd.docker("logs", "--tail", "2", "unattended").out();
        assertThat(tail).isEqualTo("y".repeat(99) + "\nafter\n");
        long kept = 0;
        try (var files = Files.list(spool.resolveSibling("local-logs"))) {
            for (Path f : files.toList()) {
                kept += Files.size(f);
            }
        }
        assertThat(kept).isLessThan(3_000_000L + 200_000);
    }

    private static String logConfig(String name) {
        return Json.tree(berthd.docker("inspect", name).out().getBytes(StandardCharsets.UTF_8)).get(0)
                .path("HostConfig").path("LogConfig").toString();
    }
}
