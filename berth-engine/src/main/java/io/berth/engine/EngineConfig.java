package io.berth.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's settings the engine needs: where data and runtime files live, which OCI runtime is
 * the default, and the default network's address pool.
 */
public record EngineConfig(Path dataRoot, Path execRoot, Optional<String> defaultRuntime,
                           List<String> bridgeSubnetCandidates, String bridgeInterface) {
    public EngineConfig {
        bridgeSubnetCandidates = List.copyOf(bridgeSubnetCandidates);
    }

    /** Docker's default bridge subnet first, then others in case a host route already covers it. */
    public static final List<String> DEFAULT_BRIDGE_SUBNETS = List.of(
            "172.17.0.0/16", "172.31.0.0/16", "172.30.0.0/16", "172.29.0.0/16", "10.210.0.0/16", "10.211.0.0/16");

    public Path containersDir() {
        return dataRoot.resolve("containers");
    }
}
