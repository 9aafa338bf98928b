package io.berth.engine.stats;

import io.berth.runtime.cgroups.CgroupStats;
import io.berth.runtime.cgroups.NetDev;
import java.time.Instant;
import java.util.Map;

/**
 * One reading of a running container: its cgroup, the host's CPU time ({@code systemCpuUsage}, ns)
 * and online CPUs at the same moment, the machine's memory (to cap an unlimited memory limit) and
 * the counters of the container's interfaces (loopback left out).
 */
record Sample(Instant read, CgroupStats cgroup, long systemCpuUsage, int onlineCpus, long machineMemory,
              Map<String, NetDev.Counters> networks) {
    Sample {
        networks = Map.copyOf(networks);
    }
}
