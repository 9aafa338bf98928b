package io.berth.network;

import java.util.List;

/** One container on one network: its addresses, DNS aliases and interface name inside the container. */
public record Attachment(String network, List<String> staticIps, List<String> aliases, String interfaceName) {
    public Attachment {
        staticIps = List.copyOf(staticIps);
        aliases = List.copyOf(aliases);
    }
}
