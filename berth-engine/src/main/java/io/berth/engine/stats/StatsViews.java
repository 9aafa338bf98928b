package io.berth.engine.stats;

import io.berth.api.model.ContainerBlkioStatEntry;
import io.berth.api.model.ContainerBlkioStats;
import io.berth.api.model.ContainerCPUStats;
import io.berth.api.model.ContainerCPUUsage;
import io.berth.api.model.ContainerMemoryStats;
import io.berth.api.model.ContainerNetworkStats;
import io.berth.api.model.ContainerPidsStats;
import io.berth.api.model.ContainerStatsResponse;
import io.berth.api.model.ContainerStorageStats;
import io.berth.api.model.ContainerThrottlingData;
import io.berth.common.Timestamps;
import io.berth.engine.container.Container;
import io.berth.runtime.cgroups.CgroupStats;
import io.berth.runtime.cgroups.CgroupVersion;
import io.berth.runtime.cgroups.NetDev;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Samples as Docker's stats document. Where Docker's Go types say {@code omitempty}, a zero is
 * written as null (the field Docker leaves out); elsewhere zeros are zeros. A container that is not
 * running gets Docker's empty document: its name and id, zero times, zero counters.
 */
final class StatsViews {
    /** Go's zero {@code time.Time}, which Docker writes for a missing sample. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /**
     * The memory.stat keys Docker 20.10 reports on cgroup v1 (those containerd's v1 metrics carry);
     * on v2 every key of memory.stat is passed on.
     */
    static final List<String> V1_MEMORY_STAT_KEYS = List.of("cache", "rss", "rss_huge", "mapped_file", "dirty",
            "writeback", "pgpgin", "pgpgout", "pgfault", "pgmajfault", "inactive_anon", "active_anon",
            "inactive_file", "active_file", "unevictable", "hierarchical_memory_limit", "hierarchical_memsw_limit",
            "total_cache", "total_rss", "total_rss_huge", "total_mapped_file", "total_dirty", "total_writeback",
            "total_pgpgin", "total_pgpgout", "total_pgfault", "total_pgmajfault", "total_inactive_anon",
            "total_active_anon", "total_inactive_file", "total_active_file", "total_unevictable");

    /** What the previous document of a stream said: its time and CPU figures. */
    record Previous(String read, ContainerCPUStats cpu) {
        static final Previous NONE = new Previous(ZERO_TIME, zeroCpu());

        static Previous of(ContainerStatsResponse doc) {
            return new Previous(doc.read(), doc.cpu_stats());
        }
    }

    private StatsViews() {}

    static ContainerStatsResponse document(Container c, Optional<Sample> sample, Previous previous) {
        return sample.map(s -> running(c, s, previous)).orElseGet(() -> notRunning(c, previous));
    }

    static ContainerStatsResponse running(Container c, Sample s, Previous previous) {
        CgroupStats cg = s.cgroup();
        boolean v1 = cg.version() == CgroupVersion.V1;
        return ContainerStatsResponse.builder()
                .id(c.id())
                .name("/" + c.name())
                .read(Timestamps.rfc3339Nano(s.read()))
                .preread(previous.read())
                .pids_stats(new ContainerPidsStats(omitZero(cg.pids().current()), omitZero(cg.pids().limit())))
                .blkio_stats(blkio(cg.blkio(), v1))
                .num_procs(0L)
                .storage_stats(emptyStorage())
                .cpu_stats(cpu(cg.cpu(), s.systemCpuUsage(), s.onlineCpus(), v1))
                .precpu_stats(previous.cpu())
                .memory_stats(memory(cg.memory(), s.machineMemory(), v1))
                .networks(networks(s.networks()))
                .build();
    }

    /** Docker's document for a container that is not running: only its name and id are set. */
    static ContainerStatsResponse notRunning(Container c, Previous previous) {
        return ContainerStatsResponse.builder()
                .id(c.id())
                .name("/" + c.name())
                .read(ZERO_TIME)
                .preread(previous.read())
                .pids_stats(new ContainerPidsStats(null, null))
                .blkio_stats(ContainerBlkioStats.builder().build())
                .num_procs(0L)
                .storage_stats(emptyStorage())
                .cpu_stats(zeroCpu())
                .precpu_stats(previous.cpu())
                .memory_stats(ContainerMemoryStats.builder().build())
                .build();
    }

    static ContainerCPUStats zeroCpu() {
        return new ContainerCPUStats(new ContainerCPUUsage(0L, null, 0L, 0L), null, null,
                new ContainerThrottlingData(0L, 0L, 0L));
    }

    private static ContainerCPUStats cpu(CgroupStats.Cpu cpu, long systemCpuUsage, int onlineCpus, boolean v1) {
        var usage = new ContainerCPUUsage(cpu.total(), v1 && !cpu.perCpu().isEmpty() ? cpu.perCpu() : null,
                cpu.system(), cpu.user());
        var throttling = new ContainerThrottlingData(cpu.throttling().periods(), cpu.throttling().throttledPeriods(),
                cpu.throttling().throttledTime());
        return new ContainerCPUStats(usage, omitZero(systemCpuUsage), omitZero(onlineCpus), throttling);
    }

    /** Usage, maximum (v1), cache breakdown, failures (v1), and the limit capped at the machine's memory. */
    private static ContainerMemoryStats memory(CgroupStats.Memory memory, long machineMemory, boolean v1) {
        Map<String, Long> stats = new TreeMap<>();
        if (v1) {
            for (String key : V1_MEMORY_STAT_KEYS) {
                stats.put(key, memory.stat().getOrDefault(key, 0L));
            }
        } else {
            stats.putAll(memory.stat());
        }
        long limit = machineMemory > 0 && memory.limit() > machineMemory ? machineMemory : memory.limit();
        return ContainerMemoryStats.builder()
                .usage(omitZero(memory.usage()))
                .max_usage(omitZero(memory.maxUsage()))
                .stats(stats)
                .failcnt(omitZero(memory.failcnt()))
                .limit(omitZero(limit))
                .build();
    }

    /**
     * v1: every list present (Docker's are never nil there), bytes and operations filled from the
     * throttle files; v2: bytes only, as Docker reports them, and null when there are none.
     */
    private static ContainerBlkioStats blkio(CgroupStats.Blkio blkio, boolean v1) {
        if (!v1) {
            return ContainerBlkioStats.builder()
                    .io_service_bytes_recursive(blkio.serviceBytes().isEmpty() ? null : entries(blkio.serviceBytes()))
                    .build();
        }
        return new ContainerBlkioStats(entries(blkio.serviceBytes()), entries(blkio.serviced()), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of());
    }

    private static List<ContainerBlkioStatEntry> entries(List<CgroupStats.BlkioEntry> entries) {
        return entries.stream().map(e -> new ContainerBlkioStatEntry(e.major(), e.minor(), e.op(), e.value())).toList();
    }

    /** Per interface; null (left out) when the container has none but loopback. */
    private static Map<String, ContainerNetworkStats> networks(Map<String, NetDev.Counters> interfaces) {
        if (interfaces.isEmpty()) {
            return null;
        }
        var networks = new LinkedHashMap<String, ContainerNetworkStats>();
        new TreeMap<>(interfaces).forEach((name, n) -> networks.put(name, new ContainerNetworkStats(n.rxBytes(),
                n.rxPackets(), n.rxErrors(), n.rxDropped(), n.txBytes(), n.txPackets(), n.txErrors(), n.txDropped(),
                null, null)));
        return networks;
    }

    private static ContainerStorageStats emptyStorage() {
        return ContainerStorageStats.builder().build();
    }

    private static Long omitZero(long value) {
        return value == 0 ? null : value;
    }
}
