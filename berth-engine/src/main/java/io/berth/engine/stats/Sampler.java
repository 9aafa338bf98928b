package io.berth.engine.stats;

import io.berth.engine.container.Container;
import io.berth.engine.container.RunState;
import io.berth.runtime.cgroups.CgroupStats;
import io.berth.runtime.cgroups.Cgroups;
import io.berth.runtime.cgroups.HostStats;
import io.berth.runtime.cgroups.NetDev;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Reads a container's numbers: its cgroup, the host's totals, its network namespace's interfaces. */
final class Sampler {
    private final Cgroups cgroups;
    private final HostStats host;
    private final Clock clock;
    private final long machineMemory;

    Sampler(Cgroups cgroups, HostStats host, Clock clock) {
        this.cgroups = cgroups;
        this.host = host;
        this.clock = clock;
        this.machineMemory = host.memTotal();
    }

    /** A sample, or empty when the container is not running (or its cgroup went away with it). */
    Optional<Sample> sample(Container c) {
        long pid = switch (c.runState()) {
            case RunState.Running r -> r.pid();
            case RunState.Paused p -> p.pid();
            case RunState.Created _, RunState.Exited _, RunState.Restarting _ -> 0;
        };
        if (pid <= 0) {
            return Optional.empty();
        }
        var read = clock.instant();
        Optional<CgroupStats> cgroup = cgroups.read(c.cgroupsPath());
        if (cgroup.isEmpty()) {
            return Optional.empty();
        }
        // the host network's interfaces are not the container's: Docker shows none for --network host
        Map<String, NetDev.Counters> networks = c.networkMode().equals("host") ? Map.of() : NetDev.read(host.proc(), pid);
        return Optional.of(new Sample(read, cgroup.get(), host.systemCpuUsage(), host.onlineCpus(), machineMemory,
                networks));
    }
}
