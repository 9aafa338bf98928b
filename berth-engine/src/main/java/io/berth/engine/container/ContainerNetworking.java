package io.berth.engine.container;

import io.berth.api.model.EndpointSettings;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.PortBinding;
import io.berth.common.ConflictException;
import io.berth.common.Ids;
import io.berth.common.InvalidArgumentException;
import io.berth.engine.network.NetworkRecord;
import io.berth.engine.network.NetworkService;
import io.berth.engine.network.NetworkUsers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's networks: which ones it joins (its network mode first, then its other endpoints),
 * the names DNS answers for it, and the bookkeeping the network service asks for (addresses and
 * host ports in use, attached containers).
 */
final class ContainerNetworking implements NetworkUsers {
    private final ContainerIndex index;
    private final NetworkService networks;

    ContainerNetworking(ContainerIndex index, NetworkService networks) {
        this.index = index;
        this.networks = networks;
    }

    /** True for the modes that plumb the container into bridges through netavark. */
    static boolean usesNetavark(String mode) {
        return !mode.equals("none") && !mode.equals("host") && !mode.startsWith("container:");
    }

    /** The network a mode names: {@code default} and {@code bridge} are the default bridge. */
    static String primaryName(String mode) {
        return mode.equals("default") ? NetworkService.BRIDGE : mode;
    }

    /** Checks a create request's network settings as Docker does (404 unknown network, 400 bad address or alias). */
    void validate(String mode, NetworkingConfig networking) {
        if (!usesNetavark(mode)) {
            return;
        }
        var primary = networks.resolve(primaryName(mode));
        for (var entry : endpoints(networking).entrySet()) {
            var network = entry.getKey().equals("default") || entry.getKey().equals(primaryName(mode))
                    || entry.getKey().equals(primary.id()) ? primary : networks.resolve(entry.getKey());
            check(network, entry.getValue());
        }
    }

    private static void check(NetworkRecord network, EndpointSettings settings) {
        if (settings == null) {
            return;
        }
        if (network.predefined() && settings.aliases() != null && !settings.aliases().isEmpty()) {
            throw new InvalidArgumentException("network-scoped alias is supported only for containers in user defined networks");
        }
        staticIp(settings).ifPresent(ip -> NetworkService.checkStaticIp(network, ip));
        staticIp6(settings).ifPresent(ip -> NetworkService.checkStaticIp6(network, ip));
    }

    private static Map<String, EndpointSettings> endpoints(NetworkingConfig networking) {
        return networking == null || networking.endpointsConfig() == null ? Map.of() : networking.endpointsConfig();
    }

    private static Optional<String> staticIp(EndpointSettings settings) {
        if (settings == null || settings.ipamConfig() == null || settings.ipamConfig().iPv4Address() == null
                || settings.ipamConfig().iPv4Address().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(settings.ipamConfig().iPv4Address());
    }

    private static Optional<String> staticIp6(EndpointSettings settings) {
        if (settings == null || settings.ipamConfig() == null || settings.ipamConfig().iPv6Address() == null
                || settings.ipamConfig().iPv6Address().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(settings.ipamConfig().iPv6Address());
    }

    /** The network to join with the addresses and names an endpoint's settings ask for. */
    static NetworkService.Wanted wanted(Container c, NetworkRecord network, EndpointSettings settings) {
        return new NetworkService.Wanted(network, staticIp(settings), staticIp6(settings), dnsNames(c, settings));
    }

    /** The networks a start joins, primary first, with their addresses and DNS names. */
    List<NetworkService.Wanted> wanted(Container c) {
        var out = new ArrayList<NetworkService.Wanted>();
        var seen = new HashSet<String>();
        var primary = networks.resolve(primaryName(c.networkMode()));
        var endpoints = endpoints(c.networkingConfig());
        EndpointSettings primarySettings = endpoints.getOrDefault(primary.name(),
                endpoints.getOrDefault("default", endpoints.get(primary.id())));
        out.add(wanted(c, primary, primarySettings));
        seen.add(primary.id());
        for (var entry : endpoints.entrySet()) {
            if (entry.getKey().equals("default")) {
                continue;
            }
            var network = networks.resolve(entry.getKey());
            if (seen.add(network.id())) {
                out.add(wanted(c, network, entry.getValue()));
            }
        }
        return out;
    }

    /** Name, short ID, the hostname it was given, and the aliases asked for on this network. */
    static List<String> dnsNames(Container c, EndpointSettings settings) {
        var names = new java.util.LinkedHashSet<String>();
        names.add(c.name());
        names.add(c.shortId());
        String hostname = c.config().hostname();
        if (hostname != null && !hostname.isEmpty() && !hostname.equals(c.shortId())) {
            names.add(hostname);
        }
        if (settings != null && settings.aliases() != null) {
            names.addAll(settings.aliases());
        }
        return List.copyOf(names);
    }

    static Container.Endpoint endpoint(NetworkService.Joined joined) {
        return new Container.Endpoint(joined.network().id(), Ids.random(), joined.ip(), joined.prefixLength(),
                joined.gateway(), joined.macAddress(), joined.aliases(), joined.interfaceName(), joined.dnsServers(),
                joined.ipv6());
    }

    /** What netavark was told for these endpoints (for teardown), with the published ports. */
    List<NetworkService.Joined> joined(Container c) {
        var out = new ArrayList<NetworkService.Joined>();
        for (var entry : c.network().entrySet()) {
            var e = entry.getValue();
            networks.find(e.networkId()).ifPresent(n -> out.add(new NetworkService.Joined(n, e.interfaceName(),
                    e.ipAddress(), e.prefixLength(), e.gateway(), e.macAddress(), e.aliases(), e.dnsServers(),
                    List.of(), e.ipv6())));
        }
        return out;
    }

    /** The next free interface index inside a running container. */
    static int nextInterface(Container c) {
        int max = -1;
        for (var e : c.network().values()) {
            String name = e.interfaceName() == null ? "" : e.interfaceName();
            if (name.startsWith("eth")) {
                try {
                    max = Math.max(max, Integer.parseInt(name.substring(3)));
                } catch (NumberFormatException ignored) {
                    // not ours
                }
            }
        }
        return max + 1;
    }

    /** The addresses running containers hold on a network. */
    Collection<String> addressesInUse(String networkId) {
        var used = new HashSet<String>();
        for (var entry : index.all()) {
            for (var e : entry.container.network().values()) {
                if (e.networkId().equals(networkId)) {
                    used.add(e.ipAddress());
                    if (e.ipv6() != null) {
                        used.add(e.ipv6().ip());
                    }
                }
            }
        }
        return used;
    }

    /**
     * Whether a container's networking config already holds an endpoint for {@code network} (by
     * name or ID; for its primary network also as {@code default}).
     */
    static boolean configured(NetworkingConfig networking, NetworkRecord network, NetworkRecord primary) {
        var map = endpoints(networking);
        return map.containsKey(network.name()) || map.containsKey(network.id())
                || (primary != null && map.containsKey("default"));
    }

    /** The networking config with {@code network}'s endpoint added (connect) or removed (disconnect). */
    static NetworkingConfig withEndpoint(NetworkingConfig networking, String network, EndpointSettings settings) {
        var map = new LinkedHashMap<>(endpoints(networking));
        if (settings == null) {
            map.remove(network);
        } else {
            if (map.containsKey(network)) {
                throw new ConflictException("endpoint with name already exists in network " + network);
            }
            map.put(network, settings);
        }
        return NetworkingConfig.builder().endpointsConfig(map).build();
    }

    @Override
    public List<Attached> attachedTo(String networkId) {
        var out = new ArrayList<Attached>();
        for (var entry : index.all()) {
            Container c = entry.container;
            for (var e : c.network().values()) {
                if (e.networkId().equals(networkId)) {
                    out.add(new Attached(c.id(), c.name(), networkId, e.endpointId(), e.macAddress(), e.ipAddress(),
                            e.prefixLength(), e.ipv6(), c.runState().isRunning()));
                }
            }
        }
        return out;
    }

    @Override
    public List<String> publishedPorts() {
        var out = new ArrayList<String>();
        for (var entry : index.all()) {
            Container c = entry.container;
            if (!c.runState().isRunning() || c.network().isEmpty() || c.hostConfig().portBindings() == null) {
                continue;
            }
            for (var binding : c.hostConfig().portBindings().entrySet()) {
                String proto = ContainerViews.normalizePort(binding.getKey()).split("/")[1];
                for (PortBinding b : binding.getValue() == null ? List.<PortBinding>of() : binding.getValue()) {
                    if (b.hostPort() != null && !b.hostPort().isEmpty()) {
                        out.add((b.hostIp() == null ? "" : b.hostIp()) + ":" + b.hostPort() + "/" + proto);
                    }
                }
            }
        }
        return out;
    }
}
