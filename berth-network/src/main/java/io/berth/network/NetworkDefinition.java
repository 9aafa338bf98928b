package io.berth.network;

import java.util.List;

/** A network as netavark sees it (its {@code network_info} entry). */
public record NetworkDefinition(String name, String id, String driver, String bridgeInterface, List<Subnet> subnets,
                                boolean ipv6, boolean internal, boolean dnsEnabled) {
    public NetworkDefinition {
        subnets = List.copyOf(subnets);
    }

    /** A subnet in CIDR form and its gateway. */
    public record Subnet(String cidr, String gateway) {}
}
