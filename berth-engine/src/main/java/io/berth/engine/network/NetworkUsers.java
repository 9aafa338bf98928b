package io.berth.engine.network;

import java.util.List;

/** What the network service needs to know about containers: who is attached where. */
public interface NetworkUsers {
    /** A container's endpoint on a network. */
    record Attached(String containerId, String containerName, String networkId, String endpointId, String macAddress,
                    String ipAddress, int prefixLength, NetworkService.Ipv6 ipv6, boolean running) {}

    List<Attached> attachedTo(String networkId);

    /** Host ports held by running containers ({@code ip:port/proto}, ip empty for all addresses). */
    List<String> publishedPorts();
}
