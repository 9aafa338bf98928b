package io.berth.network;

import java.util.List;
import java.util.Map;

/** What netavark reports after setup, per network: the interface's MAC and addresses, and DNS servers. */
public record SetupResult(Map<String, NetworkStatus> networks) {
    public SetupResult {
        networks = Map.copyOf(networks);
    }

    public record NetworkStatus(String macAddress, List<Address> addresses, List<String> dnsServers,
                                List<String> dnsSearchDomains) {}

    /** {@code 10.88.0.2/16} via {@code 10.88.0.1}. */
    public record Address(String ipNet, String gateway) {
        public String ip() {
            int slash = ipNet.indexOf('/');
            return slash < 0 ? ipNet : ipNet.substring(0, slash);
        }

        public int prefixLength() {
            int slash = ipNet.indexOf('/');
            return slash < 0 ? 32 : Integer.parseInt(ipNet.substring(slash + 1));
        }
    }
}
