package io.berth.engine.stats;

import static io.berth.engine.stats.StatsFixtures.ID;
import static io.berth.engine.stats.StatsFixtures.container;
import static io.berth.engine.stats.StatsFixtures.exited;
import static io.berth.engine.stats.StatsFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ContainerStatsResponse;
import io.berth.common.NotFoundException;
import io.berth.engine.container.Container;
import io.berth.runtime.cgroups.Cgroups;
import io.berth.runtime.cgroups.HostStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service on a fake cgroup v1 tree and procfs, with a clock that moves a second per reading. */
class StatsServiceTest {
    private static final long PID = 4242;
    private static final String CGROUP = "berth/" + ID + "/";

    @TempDir
    Path tmp;

    private final AtomicReference<Container> current = new AtomicReference<>();

    @BeforeEach
    void tree() throws IOException {
        write("cgroup/cpuacct/" + CGROUP + "cpuacct.usage", "116180178\n");
        write("cgroup/cpuacct/" + CGROUP + "cpuacct.usage_percpu", "43172693 73007485\n");
        write("cgroup/cpuacct/" + CGROUP + "cpuacct.stat", "user 6\nsystem 5\n");
        write("cgroup/memory/" + CGROUP + "memory.usage_in_bytes", "700416\n");
        write("cgroup/memory/" + CGROUP + "memory.limit_in_bytes", "67108864\n");
        write("cgroup/pids/" + CGROUP + "pids.current", "1\n");
        write("proc/stat", "cpu  100 0 100 1000 0 0 0 0 0 0\n");
        write("proc/meminfo", "MemTotal: 1048576 kB\n");
        write("proc/" + PID + "/net/dev", "Inter-|\n face |\n    lo: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n"
                + "  eth0: 266 3 0 0 0 0 0 0 648 8 0 0 0 0 0 0\n");
        write("sys/devices/system/cpu/online", "0-1\n");
        current.set(container("web", running(PID), "bridge"));
    }

    @Test
    void oneShotIsASingleSampleWithoutAPreviousOne() throws Exception {
        var doc = service(Duration.ofHours(1)).once("web", true);

        assertThat(doc.read()).isEqualTo("2026-11-28T19:51:01Z");
        assertThat(doc.preread()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(doc.precpu_stats()).isEqualTo(StatsViews.zeroCpu());
        assertThat(doc.cpu_stats().cpu_usage().total_usage()).isEqualTo(116_180_178L);
        assertThat(doc.cpu_stats().system_cpu_usage()).isEqualTo(1200L * 10_000_000L);
        assertThat(doc.cpu_stats().online_cpus()).isEqualTo(2L);
        assertThat(doc.memory_stats().limit()).isEqualTo(67_108_864L);
        assertThat(doc.pids_stats().current()).isEqualTo(1L);
        assertThat(doc.networks()).containsOnlyKeys("eth0");
        assertThat(doc.networks().get("eth0").tx_bytes()).isEqualTo(648L);
    }

    @Test
    void notStreamingTakesTwoSamplesAndReportsTheSecond() throws Exception {
        var doc = service(Duration.ofMillis(10)).once("web", false);

        assertThat(doc.preread()).isEqualTo("2026-11-28T19:51:01Z");
        assertThat(doc.read()).isEqualTo("2026-11-28T19:51:02Z");
        assertThat(doc.precpu_stats()).isEqualTo(doc.cpu_stats());
    }

    @Test
    void aStoppedContainerIsAnsweredAtOnceWithZeros() throws Exception {
        current.set(container("web", exited()));

        long start = System.nanoTime();
        var doc = service(Duration.ofHours(1)).once("web", false);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(doc.name()).isEqualTo("/web");
        assertThat(doc.id()).isEqualTo(ID);
        assertThat(doc.read()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(doc.cpu_stats()).isEqualTo(StatsViews.zeroCpu());
        assertThat(doc.memory_stats().usage()).isNull();
    }

    @Test
    void aContainerWhoseCgroupIsGoneReadsAsStopped() throws Exception {
        deleteTree(tmp.resolve("cgroup"));

        var doc = service(Duration.ofHours(1)).once("web", true);

        assertThat(doc.read()).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void hostNetworkingShowsNoInterfaces() throws Exception {
        current.set(container("web", running(PID), "host"));

        assertThat(service(Duration.ofHours(1)).once("web", true).networks()).isNull();
    }

    @Test
    void aStreamCarriesEachSamplesCpuIntoTheNext() throws Exception {
        var docs = new ArrayList<ContainerStatsResponse>();
        var stream = service(Duration.ofMillis(10)).stream("web");

        assertThatThrownBy(() -> stream.forEach(doc -> {
            docs.add(doc);
            if (docs.size() == 3) {
                throw new IOException("client went away");
            }
        })).isInstanceOf(IOException.class);

        assertThat(docs).extracting(ContainerStatsResponse::read)
                .containsExactly("2026-11-28T19:51:01Z", "2026-11-28T19:51:02Z", "2026-11-28T19:51:03Z");
        assertThat(docs.get(0).precpu_stats()).isEqualTo(StatsViews.zeroCpu());
        assertThat(docs.get(1).precpu_stats()).isEqualTo(docs.get(0).cpu_stats());
        assertThat(docs.get(2).preread()).isEqualTo(docs.get(1).read());
    }

    @Test
    void aStreamFollowsTheContainerAndEndsWhenItIsRemoved() throws Exception {
        var docs = new ArrayList<ContainerStatsResponse>();
        var stream = service(Duration.ofMillis(10)).stream("web");

        stream.forEach(doc -> {
            docs.add(doc);
            if (docs.size() == 2) {
                current.set(container("web", exited()));
            } else if (docs.size() == 3) {
                current.set(null);
            }
        });

        assertThat(docs).extracting(ContainerStatsResponse::read)
                .containsExactly("2026-11-28T19:51:01Z", "2026-11-28T19:51:02Z", "0001-01-01T00:00:00Z");
    }

    @Test
    void anUnknownContainerIsNotFoundBeforeAnythingIsSent() {
        var service = service(Duration.ofMillis(10));

        assertThatThrownBy(() -> service.stream("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("No such container: nope");
        assertThatThrownBy(() -> service.once("nope", false)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aSnapshotSamplesRunningContainersAndCountsStates() {
        var snapshot = service(Duration.ofHours(1)).snapshot();

        assertThat(snapshot.runningCount()).isEqualTo(1);
        assertThat(snapshot.stoppedCount()).isZero();
        assertThat(snapshot.running()).singleElement().satisfies(doc -> {
            assertThat(doc.name()).isEqualTo("/web");
            assertThat(doc.preread()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(doc.cpu_stats().cpu_usage().total_usage()).isEqualTo(116_180_178L);
        });
    }

    @Test
    void aSnapshotCountsStoppedContainersWithoutSamplingThem() {
        current.set(container("web", exited()));

        var snapshot = service(Duration.ofHours(1)).snapshot();

        assertThat(snapshot.stoppedCount()).isEqualTo(1);
        assertThat(snapshot.running()).isEmpty();
    }

    private StatsService service(Duration interval) {
        var sampler = new Sampler(Cgroups.detect(tmp.resolve("cgroup")), new HostStats(tmp.resolve("proc"),
                tmp.resolve("sys")), new TickingClock());
        Function<String, Container> lookup = ref -> {
            Container c = current.get();
            if (c == null || !(ref.equals("web") || ref.equals(ID))) {
                throw NotFoundException.container(ref);
            }
            return c;
        };
        return new StatsService(lookup, () -> current.get() == null ? List.of() : List.of(current.get()), sampler,
                interval);
    }

    private void write(String relative, String content) throws IOException {
        Path file = tmp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** 19:51:01, 19:51:02, …: a second further at every reading. */
    private static final class TickingClock extends Clock {
        private final AtomicInteger readings = new AtomicInteger();

        @Override
        public Instant instant() {
            return Instant.parse("2026-11-28T19:51:00Z").plusSeconds(readings.incrementAndGet());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
