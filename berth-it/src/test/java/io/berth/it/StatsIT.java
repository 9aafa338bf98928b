package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.ContainerStatsResponse;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.StatsOptions;
import io.berth.api.model.WaitCondition;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /containers/{id}/stats} from real cgroups: a busy container (half a CPU, 64 MiB), a
 * stopped one, the stream, and the docker CLI's and Berth's {@code stats --no-stream} over it.
 */
@RequiresRoot
class StatsIT {
    private static final long LIMIT = 64L * 1024 * 1024;
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void busyContainer() {
        berthd.bootstrapBusybox();
        var request = Containers.request("busybox", List.of("sh", "-c", "while true; do :; done"),
                h -> h.memory(LIMIT).nanoCpus(500_000_000L));
        String id = berthd.client().containers().create(Optional.of("busy"), request).id();
        berthd.client().containers().start(id);
    }

    @Test
    void aBusyContainerUsesCpuWithinItsMemoryLimit() {
        var doc = berthd.client().containers().stats("busy", false);

        assertThat(doc.name()).isEqualTo("/busy");
        assertThat(doc.id()).hasSize(64);
        var cpu = doc.cpu_stats();
        assertThat(cpu.cpu_usage().total_usage()).isPositive();
        assertThat(cpu.cpu_usage().percpu_usage()).isNotEmpty();
        assertThat(cpu.system_cpu_usage()).isPositive();
        assertThat(cpu.online_cpus()).isEqualTo((long) Runtime.getRuntime().availableProcessors());
        assertThat(cpu.throttling_data().periods()).isPositive();
        var memory = doc.memory_stats();
        assertThat(memory.limit()).isEqualTo(LIMIT);
        assertThat(memory.usage()).isPositive().isLessThanOrEqualTo(LIMIT);
        assertThat(memory.stats()).containsKey(cgroupV1() ? "total_inactive_file" : "inactive_file");
        assertThat(doc.pids_stats().current()).isGreaterThanOrEqualTo(1L);
        assertThat(doc.networks()).as("--network none has only loopback").isNull();
    }

    @Test
    void notStreamingReportsASecondSampleWithTheFirstAsPrecpu() {
        var doc = berthd.client().containers().stats("busy", false);

        assertThat(doc.preread()).isNotEqualTo(ZERO_TIME);
        var interval = Duration.between(Instant.parse(doc.preread()), Instant.parse(doc.read()));
        assertThat(interval).isBetween(Duration.ofMillis(900), Duration.ofMillis(3000));
        long cpuDelta = doc.cpu_stats().cpu_usage().total_usage() - doc.precpu_stats().cpu_usage().total_usage();
        long systemDelta = doc.cpu_stats().system_cpu_usage() - doc.precpu_stats().system_cpu_usage();
        assertThat(cpuDelta).isPositive();
        assertThat(systemDelta).isPositive();
        double percent = (double) cpuDelta / systemDelta * doc.cpu_stats().online_cpus() * 100;
        assertThat(percent).as("half a CPU at most, as --cpus 0.5 allows").isBetween(1.0, 60.0);
    }

    @Test
    void oneShotIsOneSampleWithoutPrecpu() {
        long start = System.nanoTime();
        var doc = berthd.client().containers().stats("busy", true);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(doc.preread()).isEqualTo(ZERO_TIME);
        assertThat(doc.precpu_stats().cpu_usage().total_usage()).isZero();
        assertThat(doc.precpu_stats().system_cpu_usage()).isNull();
        assertThat(doc.cpu_stats().cpu_usage().total_usage()).isPositive();
    }

    @Test
    void theStreamSendsADocumentASecond() {
        var docs = new ArrayList<ContainerStatsResponse>();

        try (var stream = berthd.client().containers().stats("busy", StatsOptions.STREAM)) {
            for (int i = 0; i < 3; i++) {
                docs.add(stream.next().orElseThrow());
            }
        }

        assertThat(docs.get(0).preread()).isEqualTo(ZERO_TIME);
        for (int i = 1; i < docs.size(); i++) {
            var gap = Duration.between(Instant.parse(docs.get(i - 1).read()), Instant.parse(docs.get(i).read()));
            assertThat(gap).isBetween(Duration.ofMillis(800), Duration.ofMillis(2500));
            assertThat(docs.get(i).preread()).isEqualTo(docs.get(i - 1).read());
            assertThat(docs.get(i).precpu_stats()).isEqualTo(docs.get(i - 1).cpu_stats());
        }
        assertThat(docs.get(2).cpu_stats().cpu_usage().total_usage())
                .isGreaterThan(docs.get(1).cpu_stats().cpu_usage().total_usage());
    }

    @Test
    void aStoppedContainerHasZeroedStatsAtOnce() {
        String id = Containers.run(berthd.client(), "true");
        berthd.client().containers().await(id, WaitCondition.NOT_RUNNING);

        long start = System.nanoTime();
        var doc = berthd.client().containers().stats(id, false);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(doc.id()).isEqualTo(id);
        assertThat(doc.name()).startsWith("/");
        assertThat(doc.read()).isEqualTo(ZERO_TIME);
        assertThat(doc.preread()).isEqualTo(ZERO_TIME);
        assertThat(doc.cpu_stats().cpu_usage().total_usage()).isZero();
        assertThat(doc.memory_stats().usage()).isNull();
        assertThat(doc.memory_stats().limit()).isNull();
        assertThat(doc.pids_stats().current()).isNull();
        assertThat(doc.networks()).isNull();
    }

    @Test
    void aBridgedContainerShowsItsInterface() {
        var config = ContainerConfig.builder().image("busybox").cmd(List.of("sleep", "60")).build();
        var request = new ContainerCreateRequest(config, HostConfig.builder().build(), NetworkingConfig.builder().build());
        String id = berthd.client().containers().create(Optional.empty(), request).id();
        berthd.client().containers().start(id);

        var doc = berthd.client().containers().stats(id, true);

        assertThat(doc.networks()).containsOnlyKeys("eth0");
        assertThat(doc.networks().get("eth0").rx_bytes()).isNotNull();
        assertThat(doc.memory_stats().limit()).as("no limit: the machine's memory").isGreaterThan(LIMIT);
        berthd.client().containers().remove(id, new io.berth.api.model.RemoveOptions(true, false));
    }

    @Test
    void unknownContainersAndContradictoryOptionsAreRefused() {
        var containers = berthd.client().containers();

        assertThatThrownBy(() -> containers.stats("nope", false)).isInstanceOf(NotFoundException.class)
                .hasMessage("No such container: nope");
        assertThatThrownBy(() -> containers.stats("busy", new StatsOptions(true, true)).close())
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("cannot have stream=true and one-shot=true");
    }

    @Test
    void theDockerCliShowsStatsOnce() {
        var result = berthd.docker("stats", "--no-stream", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}}", "busy");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).matches("busy \\d+\\.\\d\\d% [\\d.]+[KM]iB / 64MiB\\n");
    }

    @Test
    void theDockerCliTableListsRunningContainers() {
        var result = berthd.docker("stats", "--no-stream");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst().orElse("")).startsWith("CONTAINER ID   NAME ");
        assertThat(result.out()).contains(" busy ");
    }

    @Test
    void berthStatsPrintsDockersTableOnce() {
        var result = berthd.berth("stats", "--no-stream", "busy");

        assertThat(result.exitCode()).as(result.err()).isZero();
        var lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("CONTAINER ID +NAME +CPU % +MEM USAGE / LIMIT +MEM % +NET I/O +BLOCK I/O +PIDS");
        assertThat(lines.get(1)).matches("[0-9a-f]{12} +busy +\\d+\\.\\d\\d% +[\\d.]+[KM]iB / 64MiB +\\d+\\.\\d\\d% +"
                + "0B / 0B +\\S+ / \\S+ +\\d+");
    }

    @Test
    void berthStatsFormatsAndFailsLikeDocker() {
        var formatted = berthd.berth("stats", "--no-stream", "--format", "{{.Container}}: {{.PIDs}}", "busy");
        var unknown = berthd.berth("stats", "--no-stream", "nope");

        assertThat(formatted.exitCode()).as(formatted.err()).isZero();
        assertThat(formatted.out()).matches("busy: [1-9]\\d*\\n");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("Error response from daemon: No such container: nope\n");
    }

    private static boolean cgroupV1() {
        return !java.nio.file.Files.exists(java.nio.file.Path.of("/sys/fs/cgroup/cgroup.controllers"));
    }
}
