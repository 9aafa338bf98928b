package io.berth.runtime.oci;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine decided about one container process, in runtime terms: the process, the
 * filesystem, the namespaces to join, the limits and the confinement. {@link SpecGenerator} turns
 * it into an {@link OciSpec}. {@code extraMounts} are mounted in their order, after the defaults they
 * replace; {@code rootfsPropagation} is set when a mount's propagation needs it (shared, rslave).
 */
public record BundleSpec(ProcessSpec process, Path rootfs, boolean readonlyRootfs, String hostname,
                         String domainname, List<OciSpec.Mount> extraMounts, NetworkNamespace network,
                         ResourceLimits limits, Confinement confinement, String cgroupsPath,
                         Map<String, String> sysctls, Map<String, String> annotations,
                         Optional<String> rootfsPropagation) {
    public BundleSpec {
        extraMounts = List.copyOf(extraMounts);
        sysctls = Map.copyOf(sysctls);
        annotations = Map.copyOf(annotations);
    }

    /** Without a propagation for the root (the runtime's default). */
    public BundleSpec(ProcessSpec process, Path rootfs, boolean readonlyRootfs, String hostname, String domainname,
                      List<OciSpec.Mount> extraMounts, NetworkNamespace network, ResourceLimits limits,
                      Confinement confinement, String cgroupsPath, Map<String, String> sysctls,
                      Map<String, String> annotations) {
        this(process, rootfs, readonlyRootfs, hostname, domainname, extraMounts, network, limits, confinement,
                cgroupsPath, sysctls, annotations, Optional.empty());
    }

    /** The container's first process. */
    public record ProcessSpec(List<String> args, List<String> env, String cwd, long uid, long gid,
                              List<Long> additionalGids, boolean terminal, Optional<OciSpec.ConsoleSize> consoleSize,
                              int oomScoreAdj) {
        public ProcessSpec {
            args = List.copyOf(args);
            env = List.copyOf(env);
            additionalGids = List.copyOf(additionalGids);
        }
    }

    /** Where the container's network namespace comes from. */
    public sealed interface NetworkNamespace {
        /** A fresh namespace with only loopback ({@code --network none}). */
        record Fresh() implements NetworkNamespace {}

        /** The host's namespace ({@code --network host}). */
        record Host() implements NetworkNamespace {}

        /** A prepared namespace (a bridge network's, or another container's). */
        record Join(Path path) implements NetworkNamespace {}
    }

    /** cgroup limits; empty means unlimited. */
    public record ResourceLimits(Optional<Long> memory, Optional<Long> memorySwap, Optional<Long> memoryReservation,
                                 Optional<Long> cpuShares, Optional<Long> cpuQuota, Optional<Long> cpuPeriod,
                                 Optional<String> cpusetCpus, Optional<String> cpusetMems, Optional<Long> pidsLimit) {
        public static ResourceLimits none() {
            return new ResourceLimits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * Confinement: {@code privileged} lifts all of it; otherwise the effective capability set, the
     * seccomp filter (empty = unconfined) and no-new-privileges.
     */
    public record Confinement(boolean privileged, List<String> capabilities, Optional<OciSpec.Seccomp> seccomp,
                              boolean noNewPrivileges, List<String> maskedPaths, List<String> readonlyPaths) {
        public Confinement {
            capabilities = List.copyOf(capabilities);
            maskedPaths = List.copyOf(maskedPaths);
            readonlyPaths = List.copyOf(readonlyPaths);
        }
    }
}
