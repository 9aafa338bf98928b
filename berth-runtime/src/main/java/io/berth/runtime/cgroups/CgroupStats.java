package io.berth.runtime.cgroups;

import java.util.List;
import java.util.Map;

/**
 * One reading of a cgroup, in the kernel's units turned into bytes and nanoseconds. A value the
 * hierarchy does not have (v2 has no per-CPU usage nor a maximum usage) is zero or empty.
 */
public record CgroupStats(CgroupVersion version, Cpu cpu, Memory memory, Pids pids, Blkio blkio) {

    /** CPU time used, in nanoseconds; {@code perCpu} is empty on v2. */
    public record Cpu(long total, List<Long> perCpu, long user, long system, Throttling throttling) {
        public Cpu {
            perCpu = List.copyOf(perCpu);
        }
    }

    /** CFS bandwidth enforcement: periods elapsed, periods throttled, nanoseconds throttled. */
    public record Throttling(long periods, long throttledPeriods, long throttledTime) {}

    /**
     * Memory in bytes. {@code limit} is {@link Long#MAX_VALUE} for v2's {@code max} (v1 writes its own
     * huge number); {@code maxUsage} and {@code failcnt} are v1 only; {@code stat} is memory.stat as written.
     */
    public record Memory(long usage, long maxUsage, long limit, long failcnt, Map<String, Long> stat) {
        public Memory {
            stat = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stat));
        }
    }

    /** Tasks in the cgroup, and the limit ({@code 0} when there is none: {@code max}). */
    public record Pids(long current, long limit) {}

    /** Bytes and operations per device and operation (v1: {@code Read}, {@code Write}, …; v2: {@code read}, {@code write}). */
    public record Blkio(List<BlkioEntry> serviceBytes, List<BlkioEntry> serviced) {
        public Blkio {
            serviceBytes = List.copyOf(serviceBytes);
            serviced = List.copyOf(serviced);
        }
    }

    public record BlkioEntry(long major, long minor, String op, long value) {}
}
