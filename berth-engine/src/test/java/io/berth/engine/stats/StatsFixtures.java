package io.berth.engine.stats;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerStatsResponse;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.common.Json;
import io.berth.engine.container.Container;
import io.berth.engine.container.RunState;
import io.berth.runtime.cgroups.CgroupStats;
import io.berth.runtime.cgroups.CgroupVersion;
import io.berth.runtime.cgroups.NetDev;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Containers and samples for the stats tests. */
final class StatsFixtures {
    static final String ID = "8d920a19c1cf8a1cd11ab4b14d5eaf912882e7abb4d02d357b4ea82c8386bdeb";
    static final long MACHINE_MEMORY = 25_276_026_880L;

    private StatsFixtures() {}

    static Container container(String name, RunState state) {
        return container(name, state, "none");
    }

    static Container container(String name, RunState state, String networkMode) {
        return new Container(ID, name, "2026-11-28T19:51:00.329284987Z", "busybox", "sha256:4f20edb4f86f",
                ContainerConfig.builder().build(), HostConfig.builder().networkMode(networkMode).build(),
                NetworkingConfig.builder().build(), "sh", List.of(), "crun", state, 0, Map.of(), false);
    }

    static RunState running(long pid) {
        return new RunState.Running(pid, "2026-11-28T19:51:01Z");
    }

    static RunState exited() {
        return new RunState.Exited(0, "2026-11-28T19:51:01Z", "2026-11-28T19:51:02Z", false, "");
    }

    /** The numbers of the recorded Docker sample, as a v1 cgroup would hold them. */
    static Sample v1Sample() {
        // memory.stat as the kernel writes it: the keys Docker reports, with the sample's values, and more
        var stat = new LinkedHashMap<String, Long>(Json.read(dockerSample(), ContainerStatsResponse.class)
                .memory_stats().stats());
        stat.put("shmem", 0L);
        stat.put("workingset_refault_file", 1L);
        var cgroup = new CgroupStats(CgroupVersion.V1,
                new CgroupStats.Cpu(116_180_178L, List.of(43_172_693L, 73_007_485L), 60_000_000L, 50_000_000L,
                        new CgroupStats.Throttling(0, 0, 0)),
                new CgroupStats.Memory(700_416L, 3_956_736L, 9_223_372_036_854_771_712L, 0, stat),
                new CgroupStats.Pids(1, 0),
                new CgroupStats.Blkio(List.of(), List.of()));
        return new Sample(Instant.parse("2026-11-28T19:51:23.94343072Z"), cgroup, 1_202_520_000_000L, 2,
                MACHINE_MEMORY, Map.of("eth0", new NetDev.Counters(266, 3, 0, 0, 0, 0, 0, 0)));
    }

    static byte[] dockerSample() {
        try (InputStream in = StatsFixtures.class.getResourceAsStream("/docker-api-samples/container-stats-once.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
