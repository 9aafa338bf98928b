package io.berth.engine.container;

import io.berth.api.model.HostConfig;
import io.berth.common.ConflictException;
import io.berth.runtime.oci.BundleSpec;
import io.berth.runtime.oci.OciSpec;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker update}: moby's rules for merging new resource limits and a restart policy into a
 * container's HostConfig (a zero or absent value leaves the old one), and the cgroup changes a
 * running container gets at once.
 */
final class ContainerUpdates {
    private ContainerUpdates() {}

    /** The HostConfig after the update; Docker's conflicts (409) for what cannot change together. */
    static HostConfig apply(HostConfig current, HostConfig changes) {
        long nano = value(changes.nanoCpus());
        long period = value(changes.cpuPeriod());
        long quota = value(changes.cpuQuota());
        if (nano > 0 && value(current.cpuPeriod()) > 0) {
            throw conflict("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        }
        if (nano > 0 && value(current.cpuQuota()) > 0) {
            throw conflict("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        }
        if (period > 0 && value(current.nanoCpus()) > 0) {
            throw conflict("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        }
        if (quota > 0 && value(current.nanoCpus()) > 0) {
            throw conflict("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        }
        var b = current.toBuilder();
        if (value(changes.cpuShares()) != 0) {
            b.cpuShares(changes.cpuShares());
        }
        if (nano != 0) {
            b.nanoCpus(nano);
        }
        if (period != 0) {
            b.cpuPeriod(period);
        }
        if (quota != 0) {
            b.cpuQuota(quota);
        }
        if (changes.cpusetCpus() != null && !changes.cpusetCpus().isEmpty()) {
            b.cpusetCpus(changes.cpusetCpus());
        }
        if (changes.cpusetMems() != null && !changes.cpusetMems().isEmpty()) {
            b.cpusetMems(changes.cpusetMems());
        }
        long memory = value(changes.memory());
        long swap = value(changes.memorySwap());
        if (memory != 0) {
            if (memory > effectiveSwap(current) && swap == 0) {
                throw conflict("Memory limit should be smaller than already set memoryswap limit, update the "
                        + "memoryswap at the same time");
            }
            b.memory(memory);
        }
        if (swap != 0) {
            b.memorySwap(swap);
        }
        if (value(changes.memoryReservation()) != 0) {
            b.memoryReservation(changes.memoryReservation());
        }
        if (changes.pidsLimit() != null) {
            b.pidsLimit(changes.pidsLimit());
        }
        if (changes.restartPolicy() != null && changes.restartPolicy().name() != null
                && !changes.restartPolicy().name().isEmpty()) {
            if (!changes.restartPolicy().name().equals("no") && Boolean.TRUE.equals(current.autoRemove())) {
                throw conflict("Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            b.restartPolicy(changes.restartPolicy());
        }
        return b.build();
    }

    /** What Docker records as MemorySwap: twice the memory when only the memory was limited. */
    private static long effectiveSwap(HostConfig host) {
        long swap = value(host.memorySwap());
        long memory = value(host.memory());
        return swap == 0 && memory > 0 ? memory * 2 : swap;
    }

    /**
     * The OCI resources to write into a running container's cgroups: the limits that changed.
     * Lifting a limit entirely (pids limit 0 or -1) is left to the next start, with a warning.
     */
    static Optional<OciSpec.Resources> liveResources(HostConfig before, HostConfig after, List<String> warnings) {
        BundleSpec.ResourceLimits old = BundleBuilder.limits(before);
        BundleSpec.ResourceLimits now = BundleBuilder.limits(after);
        OciSpec.Memory memory = null;
        if (!now.memory().equals(old.memory()) || !now.memorySwap().equals(old.memorySwap())
                || !now.memoryReservation().equals(old.memoryReservation())) {
            memory = new OciSpec.Memory(now.memory().orElse(null), now.memoryReservation().orElse(null),
                    now.memorySwap().orElse(null), null, null);
        }
        OciSpec.Cpu cpu = null;
        if (!now.cpuShares().equals(old.cpuShares()) || !now.cpuQuota().equals(old.cpuQuota())
                || !now.cpuPeriod().equals(old.cpuPeriod()) || !now.cpusetCpus().equals(old.cpusetCpus())
                || !now.cpusetMems().equals(old.cpusetMems())) {
            cpu = new OciSpec.Cpu(now.cpuShares().orElse(null), now.cpuQuota().orElse(null),
                    now.cpuPeriod().orElse(null), now.cpusetCpus().orElse(null), now.cpusetMems().orElse(null));
        }
        OciSpec.Pids pids = null;
        if (!now.pidsLimit().equals(old.pidsLimit())) {
            if (now.pidsLimit().isPresent()) {
                pids = new OciSpec.Pids(now.pidsLimit().get());
            } else {
                warnings.add("The pids limit is lifted when the container starts again; until then the old limit holds.");
            }
        }
        if (memory == null && cpu == null && pids == null) {
            return Optional.empty();
        }
        return Optional.of(new OciSpec.Resources(null, memory, cpu, pids));
    }

    private static ConflictException conflict(String message) {
        return new ConflictException(message);
    }

    private static long value(Long n) {
        return n == null ? 0 : n;
    }
}
