package io.berth.engine.network;

import io.berth.common.Ids;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.engine.EngineConfig;
import io.berth.network.Attachment;
import io.berth.network.Ipam;
import io.berth.network.NetworkDefinition;
import io.berth.network.NetworkNamespaces;
import io.berth.network.Netavark;
import io.berth.network.PortMapping;
import io.berth.network.SetupResult;
import io.berth.store.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The default bridge network and the plumbing of containers into it. Address allocation is
 * serialised by one lock, held only while choosing an address (never across netavark).
 */
public final class NetworkService {
    static final String KIND = "network";
    public static final String BRIDGE = "bridge";

    private final StateStore state;
    private final Netavark netavark;
    private final NetworkNamespaces namespaces;
    private final EngineConfig config;
    private final ReentrantLock allocation = new ReentrantLock();
    private volatile NetworkDefinition bridge;

    public NetworkService(StateStore state, Netavark netavark, NetworkNamespaces namespaces, EngineConfig config) {
        this.state = state;
        this.netavark = netavark;
        this.namespaces = namespaces;
        this.config = config;
    }

    /** The default bridge network, created on first use with a subnet no host route covers. */
    public NetworkDefinition defaultBridge() {
        NetworkDefinition current = bridge;
        if (current != null) {
            return current;
        }
        allocation.lock();
        try {
            if (bridge == null) {
                bridge = state.get(KIND, BRIDGE)
                        .map(doc -> Json.read(doc.body(), NetworkDefinition.class))
                        .orElseGet(this::createBridge);
            }
            return bridge;
        } finally {
            allocation.unlock();
        }
    }

    private NetworkDefinition createBridge() {
        Ipam.Cidr subnet = Ipam.firstFree(config.bridgeSubnetCandidates(), List.of());
        var definition = new NetworkDefinition(BRIDGE, Ids.random(), "bridge", config.bridgeInterface(),
                List.of(new NetworkDefinition.Subnet(subnet.toString(), subnet.firstHost())), false, false, false);
        state.put(KIND, BRIDGE, null, Json.write(definition));
        return definition;
    }

    /** A container's place on a network: what was asked and what netavark made of it. */
    public record Connected(Path netns, Netavark.Request request, SetupResult result) {}

    /**
     * Creates the container's network namespace and connects it to the default bridge with the
     * next free address ({@code inUse} lists the addresses of running containers).
     */
    public Connected connectToBridge(String containerId, String containerName, List<PortMapping> ports,
                                     Supplier<Collection<String>> inUse) {
        NetworkDefinition network = defaultBridge();
        var subnet = network.subnets().getFirst();
        Path netns = namespaces.create(containerId);
        try {
            String ip;
            allocation.lock();
            try {
                ip = Ipam.allocate(Ipam.Cidr.parse(subnet.cidr()), subnet.gateway(), inUse.get());
            } finally {
                allocation.unlock();
            }
            var request = bridgeRequest(containerId, containerName, ip, ports);
            SetupResult result = netavark.setup(netns, request);
            return new Connected(netns, request, result);
        } catch (RuntimeException e) {
            namespaces.remove(containerId);
            throw e;
        }
    }

    /** What netavark is told about a container on the default bridge (the same for setup and teardown). */
    public Netavark.Request bridgeRequest(String containerId, String containerName, String ip, List<PortMapping> ports) {
        NetworkDefinition network = defaultBridge();
        return new Netavark.Request(containerId, containerName,
                List.of(new Attachment(network.name(), List.of(ip), List.of(), "eth0")), List.of(network), ports);
    }

    /** Undoes {@link #connectToBridge}: netavark teardown, then the namespace goes. */
    public void disconnect(String containerId, Netavark.Request request) {
        try {
            netavark.teardown(namespaces.path(containerId), request);
        } finally {
            namespaces.remove(containerId);
        }
    }

    /** Removes a namespace that no request describes (a crash between creating and connecting it). */
    public void forgetNamespace(String containerId) {
        namespaces.remove(containerId);
    }

    public Path namespacePath(String containerId) {
        return namespaces.path(containerId);
    }

    /** The network a container's {@code NetworkMode} names, for the modes that use netavark. */
    public NetworkDefinition byName(String name) {
        if (name.equals(BRIDGE) || name.equals("default")) {
            return defaultBridge();
        }
        throw new NotFoundException("network " + name + " not found");
    }

    public List<NetworkDefinition> list() {
        var out = new ArrayList<NetworkDefinition>();
        out.add(defaultBridge());
        return out;
    }
}
