package io.berth.engine.stats;

import static io.berth.engine.stats.StatsFixtures.ID;
import static io.berth.engine.stats.StatsFixtures.MACHINE_MEMORY;
import static io.berth.engine.stats.StatsFixtures.container;
import static io.berth.engine.stats.StatsFixtures.exited;
import static io.berth.engine.stats.StatsFixtures.running;
import static io.berth.engine.stats.StatsFixtures.v1Sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.ContainerBlkioStatEntry;
import io.berth.api.model.ContainerCPUStats;
import io.berth.api.model.ContainerCPUUsage;
import io.berth.api.model.ContainerThrottlingData;
import io.berth.common.Json;
import io.berth.runtime.cgroups.CgroupStats;
import io.berth.runtime.cgroups.CgroupVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatsViewsTest {
    private static final StatsViews.Previous PREVIOUS = new StatsViews.Previous("2026-11-28T19:51:22.929146903Z",
            new ContainerCPUStats(new ContainerCPUUsage(116_180_178L, List.of(43_172_693L, 73_007_485L), 50_000_000L,
                    60_000_000L), 1_200_520_000_000L, 2L, new ContainerThrottlingData(0L, 0L, 0L)));

    @Test
    void aV1SampleHasTheShapeOfDockersDocument() {
        var doc = StatsViews.running(container("apisample", running(42)), v1Sample(), PREVIOUS);

        JsonNode written = Json.tree(Json.writeBytes(doc));
        JsonNode docker = Json.tree(StatsFixtures.dockerSample());
        assertSameShape("$", docker, written);
    }

    @Test
    void aV1SampleHasDockersValues() {
        var doc = StatsViews.running(container("apisample", running(42)), v1Sample(), PREVIOUS);

        var docker = Json.read(StatsFixtures.dockerSample(), io.berth.api.model.ContainerStatsResponse.class);
        assertThat(doc.id()).isEqualTo(ID);
        assertThat(doc.name()).isEqualTo("/apisample");
        assertThat(doc.read()).isEqualTo(docker.read());
        assertThat(doc.preread()).isEqualTo(docker.preread());
        assertThat(doc.cpu_stats()).isEqualTo(docker.cpu_stats());
        assertThat(doc.precpu_stats()).isEqualTo(docker.precpu_stats());
        assertThat(doc.pids_stats()).isEqualTo(docker.pids_stats());
        assertThat(doc.blkio_stats()).isEqualTo(docker.blkio_stats());
        assertThat(doc.memory_stats().usage()).isEqualTo(docker.memory_stats().usage());
        assertThat(doc.memory_stats().max_usage()).isEqualTo(docker.memory_stats().max_usage());
        assertThat(doc.memory_stats().limit()).isEqualTo(docker.memory_stats().limit());
        assertThat(doc.memory_stats().stats()).isEqualTo(docker.memory_stats().stats());
        assertThat(doc.networks()).isEqualTo(docker.networks());
    }

    @Test
    void memoryStatKeysAreDockersOnV1AndSorted() {
        var doc = StatsViews.running(container("web", running(42)), v1Sample(), StatsViews.Previous.NONE);

        assertThat(doc.memory_stats().stats()).doesNotContainKeys("shmem", "workingset_refault_file")
                .containsOnlyKeys(StatsViews.V1_MEMORY_STAT_KEYS);
        var keys = new ArrayList<>(doc.memory_stats().stats().keySet());
        assertThat(keys).isSorted();
    }

    @Test
    void aMemoryLimitBelowTheMachinesIsKept() {
        var sample = withCgroup(v1Sample(), m -> new CgroupStats.Memory(m.usage(), m.maxUsage(), 67_108_864L, 3,
                m.stat()));

        var memory = StatsViews.running(container("web", running(42)), sample, StatsViews.Previous.NONE)
                .memory_stats();

        assertThat(memory.limit()).isEqualTo(67_108_864L);
        assertThat(memory.failcnt()).isEqualTo(3L);
    }

    @Test
    void anUnlimitedV2MemoryIsTheMachinesAndStatsPassThrough() {
        var v1 = v1Sample();
        var cgroup = new CgroupStats(CgroupVersion.V2,
                new CgroupStats.Cpu(2_500_000_000L, List.of(), 2_000_000_000L, 500_000_000L,
                        new CgroupStats.Throttling(10, 2, 7_000_000)),
                new CgroupStats.Memory(1_048_576L, 0, Long.MAX_VALUE, 0, Map.of("inactive_file", 4096L, "anon", 1L)),
                new CgroupStats.Pids(3, 64),
                new CgroupStats.Blkio(List.of(new CgroupStats.BlkioEntry(8, 0, "read", 1000),
                        new CgroupStats.BlkioEntry(8, 0, "write", 2000)), List.of()));
        var sample = new Sample(v1.read(), cgroup, v1.systemCpuUsage(), 2, MACHINE_MEMORY, Map.of());

        var doc = StatsViews.running(container("web", running(42)), sample, StatsViews.Previous.NONE);

        assertThat(doc.memory_stats().limit()).isEqualTo(MACHINE_MEMORY);
        assertThat(doc.memory_stats().max_usage()).isNull();
        assertThat(doc.memory_stats().stats()).containsExactly(Map.entry("anon", 1L), Map.entry("inactive_file", 4096L));
        assertThat(doc.cpu_stats().cpu_usage()).isEqualTo(new ContainerCPUUsage(2_500_000_000L, null, 500_000_000L,
                2_000_000_000L));
        assertThat(doc.cpu_stats().throttling_data()).isEqualTo(new ContainerThrottlingData(10L, 2L, 7_000_000L));
        assertThat(doc.pids_stats().limit()).isEqualTo(64L);
        assertThat(doc.blkio_stats().io_service_bytes_recursive()).containsExactly(
                new ContainerBlkioStatEntry(8L, 0L, "read", 1000L), new ContainerBlkioStatEntry(8L, 0L, "write", 2000L));
        assertThat(doc.blkio_stats().io_serviced_recursive()).isNull();
        assertThat(doc.networks()).isNull();
    }

    @Test
    void theFirstDocumentOfAStreamHasNoPreviousSample() {
        var doc = StatsViews.running(container("web", running(42)), v1Sample(), StatsViews.Previous.NONE);

        assertThat(doc.preread()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(Json.write(doc.precpu_stats())).isEqualTo("{\"cpu_usage\":{\"total_usage\":0,\"percpu_usage\":null,"
                + "\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},\"system_cpu_usage\":null,\"online_cpus\":null,"
                + "\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}}");
    }

    @Test
    void aStoppedContainerGetsDockersEmptyDocument() {
        var doc = StatsViews.document(container("web", exited()), Optional.empty(), StatsViews.Previous.NONE);

        assertThat(doc.id()).isEqualTo(ID);
        assertThat(doc.name()).isEqualTo("/web");
        assertThat(doc.read()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(doc.preread()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(doc.cpu_stats()).isEqualTo(StatsViews.zeroCpu());
        assertThat(doc.memory_stats().usage()).isNull();
        assertThat(doc.memory_stats().limit()).isNull();
        assertThat(doc.pids_stats().current()).isNull();
        assertThat(doc.num_procs()).isZero();
        assertThat(doc.networks()).isNull();
        assertThat(doc.blkio_stats().io_service_bytes_recursive()).isNull();
    }

    /**
     * Every field Docker sent is there, with the same kind of value (object, array, number, string);
     * a field Berth writes that Docker did not send is null.
     */
    private static void assertSameShape(String path, JsonNode docker, JsonNode written) {
        if (docker.isObject()) {
            assertThat(written.isObject()).as(path + " is an object").isTrue();
            for (var field : docker.properties()) {
                assertThat(written.has(field.getKey())).as(path + "." + field.getKey() + " is written").isTrue();
                if (!path.equals("$.memory_stats.stats") || !field.getValue().isNumber()) {
                    assertSameShape(path + "." + field.getKey(), field.getValue(), written.get(field.getKey()));
                }
            }
            for (var field : written.properties()) {
                if (!docker.has(field.getKey())) {
                    assertThat(field.getValue().isNull()).as(path + "." + field.getKey() + " Docker did not send").isTrue();
                }
            }
        } else if (docker.isArray()) {
            assertThat(written.isArray()).as(path + " is an array").isTrue();
            assertThat(written.size()).as(path + " size").isEqualTo(docker.size());
        } else {
            assertThat(written.getNodeType()).as(path).isEqualTo(docker.getNodeType());
        }
    }

    private static Sample withCgroup(Sample s, java.util.function.UnaryOperator<CgroupStats.Memory> memory) {
        var cg = s.cgroup();
        return new Sample(s.read(), new CgroupStats(cg.version(), cg.cpu(), memory.apply(cg.memory()), cg.pids(),
                cg.blkio()), s.systemCpuUsage(), s.onlineCpus(), s.machineMemory(), s.networks());
    }
}
