package io.berth.engine.network;

import java.util.List;
import java.util.Map;

/**
 * A network as Berth records it (state store, kind {@code network}, named): the predefined
 * {@code bridge} (no name DNS, as Docker's) and user-defined bridges (name DNS through aardvark-dns).
 */
public record NetworkRecord(String id, String name, String driver, String created, String bridgeInterface,
                            List<Subnet> subnets, boolean internal, boolean attachable, boolean ipv6,
                            boolean dnsEnabled, Map<String, String> options, Map<String, String> labels) {
    public NetworkRecord {
        subnets = List.copyOf(subnets);
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A subnet, its gateway and the range addresses are allocated from (empty = the whole subnet). */
    public record Subnet(String subnet, String gateway, String ipRange) {
        public boolean isV6() {
            return subnet.contains(":");
        }
    }

    public boolean predefined() {
        return name.equals(NetworkService.BRIDGE);
    }
}
