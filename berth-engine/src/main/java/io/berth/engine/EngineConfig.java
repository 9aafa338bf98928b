package io.berth.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's settings the engine needs: where data and runtime files live, which OCI runtime is
 * the default, and the default network's address pool.
 */
public record EngineConfig(Path dataRoot, Path execRoot, Optional<String> defaultRuntime,
                           List<String> bridgeSubnetCandidates, String bridgeInterface, List<String> addressPools,
                           List<String> dns, List<String> dnsSearch, List<String> dnsOptions) {
    public EngineConfig {
        bridgeSubnetCandidates = List.copyOf(bridgeSubnetCandidates);
        addressPools = List.copyOf(addressPools);
        dns = List.copyOf(dns);
        dnsSearch = List.copyOf(dnsSearch);
        dnsOptions = List.copyOf(dnsOptions);
    }

    public EngineConfig(Path dataRoot, Path execRoot, Optional<String> defaultRuntime,
                        List<String> bridgeSubnetCandidates, String bridgeInterface, List<String> addressPools) {
        this(dataRoot, execRoot, defaultRuntime, bridgeSubnetCandidates, bridgeInterface, addressPools, List.of(),
                List.of(), List.of());
    }

    /** Docker's default pools for user-defined networks: 172.18–31.0.0/16, then 192.168.0.0/16 in /20s. */
    public static List<String> defaultAddressPools() {
        var pools = new java.util.ArrayList<String>();
        for (int second = 18; second <= 31; second++) {
            pools.add("172." + second + ".0.0/16");
        }
        for (int third = 0; third < 256; third += 16) {
            pools.add("192.168." + third + ".0/20");
        }
        return pools;
    }

    /** Docker's default bridge subnet first, then others in case a host route already covers it. */
    public static final List<String> DEFAULT_BRIDGE_SUBNETS = List.of(
            "172.17.0.0/16", "172.31.0.0/16", "172.30.0.0/16", "172.29.0.0/16", "10.210.0.0/16", "10.211.0.0/16");

    public Path containersDir() {
        return dataRoot.resolve("containers");
    }
}
