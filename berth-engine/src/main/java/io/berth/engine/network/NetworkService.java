package io.berth.engine.network;

import io.berth.api.model.ConfigReference;
import io.berth.api.model.IPAM;
import io.berth.api.model.IPAMConfig;
import io.berth.api.model.Network;
import io.berth.api.model.NetworkCreateRequest;
import io.berth.common.ConflictException;
import io.berth.common.ForbiddenException;
import io.berth.common.Ids;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.common.Timestamps;
import io.berth.engine.EngineConfig;
import io.berth.engine.events.EventBus;
import io.berth.network.Attachment;
import io.berth.network.Ipam;
import io.berth.network.Ipam6;
import io.berth.network.NetworkDefinition;
import io.berth.network.NetworkNamespaces;
import io.berth.network.Netavark;
import io.berth.network.PortMapping;
import io.berth.network.SetupResult;
import io.berth.store.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Networks (the predefined {@code bridge}, {@code host} and {@code none}, and user-defined
 * bridges) and the plumbing of containers into them through netavark.
 *
 * <p>Lock: {@code allocation} serialises creating networks and choosing addresses and host ports;
 * it is held only while deciding (never across netavark or another subprocess).
 */
public final class NetworkService {
    static final String KIND = "network";
    public static final String BRIDGE = "bridge";
    public static final Set<String> PREDEFINED = Set.of("bridge", "host", "none");
    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private final StateStore state;
    private final Netavark netavark;
    private final NetworkNamespaces namespaces;
    private final EngineConfig config;
    private final EventBus events;
    private final ReentrantLock allocation = new ReentrantLock();
    /** Addresses and host ports of containers whose teardown is still running: not handed out again yet. */
    private final Map<String, Release> releasing = new java.util.concurrent.ConcurrentHashMap<>();

    /** What one container's pending teardown still holds. */
    private record Release(Set<String> addresses, List<PortMapping> ports) {}
    private volatile NetworkUsers users = new NetworkUsers() {
        @Override
        public List<Attached> attachedTo(String networkId) {
            return List.of();
        }

        @Override
        public List<String> publishedPorts() {
            return List.of();
        }
    };

    public NetworkService(StateStore state, Netavark netavark, NetworkNamespaces namespaces, EngineConfig config,
                          EventBus events) {
        this.state = state;
        this.netavark = netavark;
        this.namespaces = namespaces;
        this.config = config;
        this.events = events;
    }

    /** Set once by the composition root (containers use networks; networks ask containers). */
    public void setUsers(NetworkUsers users) {
        this.users = users;
    }

    // --- records --------------------------------------------------------------------------------

    private List<NetworkRecord> records() {
        return state.list(KIND).stream().map(d -> Json.read(d.body(), NetworkRecord.class)).toList();
    }

    /** The default bridge network, created on first use with a subnet no host route covers. */
    public NetworkRecord defaultBridge() {
        return find(BRIDGE).orElseGet(() -> {
            allocation.lock();
            try {
                return find(BRIDGE).orElseGet(() -> {
                    var subnet = Ipam.firstFree(config.bridgeSubnetCandidates(), List.of());
                    var record = new NetworkRecord(Ids.random(), BRIDGE, "bridge", Timestamps.now(),
                            config.bridgeInterface(), List.of(new NetworkRecord.Subnet(subnet.toString(),
                            subnet.firstHost(), "")), false, false, false, false,
                            Map.of("com.docker.network.bridge.default_bridge", "true",
                                    "com.docker.network.bridge.name", config.bridgeInterface()), Map.of());
                    state.put(KIND, record.id(), record.name(), Json.write(record));
                    return record;
                });
            } finally {
                allocation.unlock();
            }
        });
    }

    /** A network by name, full ID or unique ID prefix (Docker's order). */
    public Optional<NetworkRecord> find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        var all = records();
        for (var n : all) {
            if (n.id().equals(ref)) {
                return Optional.of(n);
            }
        }
        for (var n : all) {
            if (n.name().equals(ref)) {
                return Optional.of(n);
            }
        }
        NetworkRecord match = null;
        for (var n : all) {
            if (n.id().startsWith(ref)) {
                if (match != null) {
                    throw new InvalidArgumentException("network " + ref + " is ambiguous (" + 2
                            + " matches found based on ID prefix)");
                }
                match = n;
            }
        }
        return Optional.ofNullable(match);
    }

    /** A bridge network a container can join ({@code default} means {@code bridge}); 404 otherwise. */
    public NetworkRecord resolve(String ref) {
        if (ref.equals("default") || ref.equals(BRIDGE)) {
            return defaultBridge();
        }
        return find(ref).orElseThrow(() -> new NotFoundException("network " + ref + " not found"));
    }

    // --- API ------------------------------------------------------------------------------------

    /** {@code POST /networks/create}. */
    public NetworkRecord create(NetworkCreateRequest request) {
        String name = request.name() == null ? "" : request.name();
        if (name.isEmpty()) {
            throw new InvalidArgumentException("network name cannot be empty");
        }
        if (!VALID_NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("invalid network name \"" + name
                    + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        String driver = request.driver() == null || request.driver().isEmpty() ? "bridge" : request.driver();
        if (!driver.equals("bridge")) {
            throw new NotFoundException("plugin \"" + driver + "\" not found");
        }
        if (PREDEFINED.contains(name)) {
            throw new ForbiddenException("operation is not permitted on predefined " + name + " network ");
        }
        var options = request.options() == null ? Map.<String, String>of() : request.options();
        allocation.lock();
        try {
            if (find(name).filter(n -> n.name().equals(name)).isPresent()) {
                throw new ConflictException("network with name " + name + " already exists");
            }
            String id = Ids.random();
            var subnets = subnets(request);
            boolean ipv6 = subnets.stream().anyMatch(NetworkRecord.Subnet::isV6);
            String bridge = options.getOrDefault("com.docker.network.bridge.name", "br-" + id.substring(0, 12));
            if (bridge.length() > 15) {
                throw new InvalidArgumentException("bridge name " + bridge + " is longer than 15 characters");
            }
            for (var other : records()) {
                if (other.bridgeInterface().equals(bridge)) {
                    throw new ConflictException("bridge name " + bridge + " is already used by network " + other.name());
                }
            }
            var record = new NetworkRecord(id, name, driver, Timestamps.now(), bridge, subnets,
                    Boolean.TRUE.equals(request.internal()), Boolean.TRUE.equals(request.attachable()),
                    ipv6, true, options,
                    request.labels() == null ? Map.of() : request.labels());
            state.put(KIND, record.id(), record.name(), Json.write(record));
            events.publish("network", "create", id, Map.of("name", name, "type", driver));
            return record;
        } finally {
            allocation.unlock();
        }
    }

    /** The subnets asked for (checked), or the first free pool. */
    private List<NetworkRecord.Subnet> subnets(NetworkCreateRequest request) {
        var taken = new ArrayList<Ipam.Cidr>();
        var taken6 = new ArrayList<Ipam6.Cidr>();
        for (var n : records()) {
            for (var s : n.subnets()) {
                if (s.isV6()) {
                    taken6.add(Ipam6.Cidr.parse(s.subnet()));
                } else {
                    taken.add(Ipam.Cidr.parse(s.subnet()));
                }
            }
        }
        var asked = request.ipam() == null || request.ipam().config() == null ? List.<IPAMConfig>of()
                : request.ipam().config();
        var out = new ArrayList<NetworkRecord.Subnet>();
        boolean v4 = false;
        boolean v6 = false;
        for (IPAMConfig c : asked) {
            if (c.subnet() == null || c.subnet().isEmpty()) {
                throw new InvalidArgumentException("invalid IPAM config: a subnet is required");
            }
            if (Ipam6.isV6(c.subnet())) {
                out.add(subnet6(c, taken6));
                v6 = true;
                continue;
            }
            v4 = true;
            var cidr = Ipam.Cidr.parse(c.subnet());
            if (!cidr.toString().equals(c.subnet())) {
                throw new InvalidArgumentException("invalid subnet " + c.subnet() + ": it should be " + cidr);
            }
            for (var t : taken) {
                if (t.overlaps(cidr)) {
                    throw new ConflictException("Pool overlaps with other one on this address space");
                }
            }
            String gateway = c.gateway() == null || c.gateway().isEmpty() ? cidr.firstHost() : c.gateway();
            if (!cidr.contains(Ipam.toInt(gateway))) {
                throw new InvalidArgumentException("Invalid gateway " + gateway + ": it does not belong to subnet "
                        + c.subnet());
            }
            String range = c.ipRange() == null ? "" : c.ipRange();
            if (!range.isEmpty()) {
                var r = Ipam.Cidr.parse(range);
                if (!cidr.contains(r.network()) || r.prefix() < cidr.prefix()) {
                    throw new InvalidArgumentException("Invalid ip range " + range + ": it must be inside subnet "
                            + c.subnet());
                }
            }
            taken.add(cidr);
            out.add(new NetworkRecord.Subnet(cidr.toString(), gateway, range));
        }
        if (!v4) {
            var cidr = Ipam.firstFree(config.addressPools(), taken);
            out.addFirst(new NetworkRecord.Subnet(cidr.toString(), cidr.firstHost(), ""));
        }
        if (!v6 && Boolean.TRUE.equals(request.enableIPv6())) {
            var cidr = Ipam6.uniqueLocal(taken6);
            out.add(new NetworkRecord.Subnet(cidr.toString(), cidr.firstHost(), ""));
        }
        return out;
    }

    /** An IPv6 subnet asked for, checked as its IPv4 counterpart is (a subnet asked for turns IPv6 on). */
    private static NetworkRecord.Subnet subnet6(IPAMConfig c, List<Ipam6.Cidr> taken) {
        var cidr = Ipam6.Cidr.parse(c.subnet());
        if (!Ipam6.canonical(c.subnet().substring(0, c.subnet().indexOf('/'))).equals(Ipam6.toText(cidr.network()))) {
            throw new InvalidArgumentException("invalid subnet " + c.subnet() + ": it should be " + cidr);
        }
        for (var t : taken) {
            if (t.overlaps(cidr)) {
                throw new ConflictException("Pool overlaps with other one on this address space");
            }
        }
        String gateway = c.gateway() == null || c.gateway().isEmpty() ? cidr.firstHost() : Ipam6.canonical(c.gateway());
        if (!cidr.contains(Ipam6.toBig(gateway))) {
            throw new InvalidArgumentException("Invalid gateway " + c.gateway() + ": it does not belong to subnet "
                    + c.subnet());
        }
        String range = c.ipRange() == null ? "" : c.ipRange();
        if (!range.isEmpty()) {
            var r = Ipam6.Cidr.parse(range);
            if (!cidr.contains(r.network()) || r.prefix() < cidr.prefix()) {
                throw new InvalidArgumentException("Invalid ip range " + range + ": it must be inside subnet "
                        + c.subnet());
            }
            range = r.toString();
        }
        taken.add(cidr);
        return new NetworkRecord.Subnet(cidr.toString(), gateway, range);
    }

    /** {@code GET /networks/{id}}: Docker's shape, with the containers attached. */
    public Network inspect(String ref) {
        return view(resolveForApi(ref));
    }

    /** {@code GET /networks} with Docker's filters (name, id, label, driver, type, dangling, scope). */
    public List<Network> list(Map<String, List<String>> filters) {
        var out = new ArrayList<Network>();
        defaultBridge();
        for (var record : all()) {
            if (matches(record, filters)) {
                out.add(view(record));
            }
        }
        return out;
    }

    private List<NetworkRecord> all() {
        var list = new ArrayList<NetworkRecord>();
        list.add(defaultBridge());
        list.add(pseudo("host"));
        list.add(pseudo("none"));
        for (var r : records()) {
            if (!r.name().equals(BRIDGE)) {
                list.add(r);
            }
        }
        return list;
    }

    /** {@code host} and {@code none}: listed and inspectable, never plumbed. */
    private static NetworkRecord pseudo(String name) {
        String id = io.berth.common.Digest.sha256(("berth-predefined-" + name).getBytes()).encoded();
        return new NetworkRecord(id, name, name.equals("host") ? "host" : "null", "0001-01-01T00:00:00Z", "",
                List.of(), false, false, false, false, Map.of(), Map.of());
    }

    private NetworkRecord resolveForApi(String ref) {
        for (var r : List.of(pseudo("host"), pseudo("none"))) {
            if (r.name().equals(ref) || r.id().equals(ref)) {
                return r;
            }
        }
        if (ref.equals(BRIDGE)) {
            return defaultBridge();
        }
        return find(ref).orElseThrow(() -> new NotFoundException("network " + ref + " not found"));
    }

    private boolean matches(NetworkRecord n, Map<String, List<String>> filters) {
        for (var entry : filters.entrySet()) {
            if (entry.getKey().equals("label")) {
                // as dockerd's MatchKVList: every label asked for must be there
                if (!entry.getValue().stream().allMatch(value -> {
                    int eq = value.indexOf('=');
                    return eq < 0 ? n.labels().containsKey(value)
                            : value.substring(eq + 1).equals(n.labels().get(value.substring(0, eq)));
                })) {
                    return false;
                }
                continue;
            }
            boolean any = false;
            for (String value : entry.getValue()) {
                any |= switch (entry.getKey()) {
                    case "name" -> n.name().contains(value);
                    case "id" -> n.id().startsWith(value);
                    case "driver" -> n.driver().equals(value);
                    case "scope" -> value.equals("local");
                    case "type" -> switch (value) {
                        case "custom" -> !PREDEFINED.contains(n.name());
                        case "builtin" -> PREDEFINED.contains(n.name());
                        default -> throw new InvalidArgumentException("invalid filter: 'type'='" + value + "'");
                    };
                    case "label" -> {
                        int eq = value.indexOf('=');
                        yield eq < 0 ? n.labels().containsKey(value)
                                : value.substring(eq + 1).equals(n.labels().get(value.substring(0, eq)));
                    }
                    case "dangling" -> {
                        if (!value.matches("true|false|1|0")) {
                            throw new InvalidArgumentException("invalid filter 'dangling=" + value + "'");
                        }
                        boolean dangling = !PREDEFINED.contains(n.name()) && users.attachedTo(n.id()).isEmpty();
                        yield (value.equals("true") || value.equals("1")) == dangling;
                    }
                    case "until" -> untilMatches(n, value);
                    default -> throw new InvalidArgumentException("invalid filter '" + entry.getKey() + "'");
                };
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean untilMatches(NetworkRecord n, String value) {
        try {
            var created = java.time.Instant.parse(n.created());
            java.time.Instant until;
            if (value.matches("\\d+(\\.\\d+)?")) {
                until = java.time.Instant.ofEpochSecond((long) Double.parseDouble(value));
            } else if (value.matches("\\d+[smh]")) {
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                var unit = switch (value.charAt(value.length() - 1)) {
                    case 's' -> java.time.temporal.ChronoUnit.SECONDS;
                    case 'm' -> java.time.temporal.ChronoUnit.MINUTES;
                    default -> java.time.temporal.ChronoUnit.HOURS;
                };
                until = java.time.Instant.now().minus(amount, unit);
            } else {
                until = java.time.Instant.parse(value);
            }
            return !created.isAfter(until);
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("invalid filter 'until=" + value + "'");
        }
    }

    private Network view(NetworkRecord n) {
        var containers = new LinkedHashMap<String, Network.NetworkContainer>();
        for (var a : users.attachedTo(n.id())) {
            if (a.running()) {
                containers.put(a.containerId(), new Network.NetworkContainer(a.containerName(), a.endpointId(),
                        a.macAddress(), a.ipAddress() + "/" + a.prefixLength(),
                        a.ipv6() == null ? "" : a.ipv6().ip() + "/" + a.ipv6().prefixLength()));
            }
        }
        var ipamConfig = new ArrayList<IPAMConfig>();
        for (var s : n.subnets()) {
            ipamConfig.add(IPAMConfig.builder().subnet(s.subnet()).gateway(s.gateway().isEmpty() ? null : s.gateway())
                    .ipRange(s.ipRange().isEmpty() ? null : s.ipRange()).build());
        }
        return new Network(n.name(), n.id(), n.created(), "local", n.driver(), n.ipv6(),
                IPAM.builder().driver("default").options(Map.of()).config(ipamConfig).build(),
                n.internal(), n.attachable(), false, ConfigReference.builder().network("").build(), false,
                containers, n.options(), n.labels());
    }

    /** {@code DELETE /networks/{id}}. */
    public void remove(String ref) {
        if (PREDEFINED.contains(ref)) {
            throw new ForbiddenException(ref + " is a pre-defined network and cannot be removed");
        }
        var record = find(ref).orElseThrow(() -> new NotFoundException("network " + ref + " not found"));
        if (record.predefined()) {
            throw new ForbiddenException(record.name() + " is a pre-defined network and cannot be removed");
        }
        for (int i = 0; i < 600 && releasingOn(record.id()); i++) {
            try {
                Thread.sleep(50); // a container that just left is still being unplugged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        allocation.lock();
        try {
            if (!users.attachedTo(record.id()).isEmpty() || releasingOn(record.id())) {
                throw new ConflictException("error while removing network: network " + record.name() + " id "
                        + record.id() + " has active endpoints");
            }
            state.delete(KIND, record.id());
        } finally {
            allocation.unlock();
        }
        events.publish("network", "destroy", record.id(), Map.of("name", record.name(), "type", record.driver()));
    }

    /** {@code POST /networks/prune}: removes unused user-defined networks matching the filters. */
    public List<String> prune(Map<String, List<String>> filters) {
        var removed = new ArrayList<String>();
        for (var record : records()) {
            if (record.predefined() || !matches(record, filters) || !users.attachedTo(record.id()).isEmpty()) {
                continue;
            }
            try {
                remove(record.id());
                removed.add(record.name());
            } catch (ConflictException e) {
                // in use meanwhile
            }
        }
        events.publish("network", "prune", "", Map.of("reclaimed", "0"));
        return removed;
    }

    // --- plumbing -------------------------------------------------------------------------------

    /** One network a container joins: the network, the address asked for (if any), the DNS names. */
    public record Wanted(NetworkRecord network, Optional<String> staticIp, Optional<String> staticIp6,
                         List<String> aliases) {
        public Wanted(NetworkRecord network, Optional<String> staticIp, List<String> aliases) {
            this(network, staticIp, Optional.empty(), aliases);
        }
    }

    /** A container's place on one network after setup. */
    public record Joined(NetworkRecord network, String interfaceName, String ip, int prefixLength, String gateway,
                         String macAddress, List<String> aliases, List<String> dnsServers, List<String> searchDomains,
                         Ipv6 ipv6) {
        /** The addresses netavark is told to give the interface (IPv4 first). */
        List<String> staticIps() {
            return ipv6 == null ? List.of(ip) : List.of(ip, ipv6.ip());
        }
    }

    /** A container's IPv6 address on a network with IPv6. */
    public record Ipv6(String ip, int prefixLength, String gateway) {}

    /** Validates a static address for a network (Docker's messages). */
    public static void checkStaticIp(NetworkRecord network, String ip) {
        if (network.predefined()) {
            throw new InvalidArgumentException("user specified IP address is supported on user defined networks only");
        }
        int address;
        try {
            address = Ipam.toInt(ip);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid IPv4 address: " + ip);
        }
        for (var s : network.subnets()) {
            if (!s.subnet().contains(":") && Ipam.Cidr.parse(s.subnet()).contains(address)) {
                return;
            }
        }
        throw new InvalidArgumentException("Invalid address " + ip + ": It does not belong to any of this network's subnets");
    }

    /** Validates a static IPv6 address for a network (Docker's messages). */
    public static void checkStaticIp6(NetworkRecord network, String ip) {
        if (network.predefined()) {
            throw new InvalidArgumentException("user specified IP address is supported on user defined networks only");
        }
        java.math.BigInteger address;
        try {
            address = Ipam6.toBig(ip);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid IPv6 address: " + ip);
        }
        for (var s : network.subnets()) {
            if (s.isV6() && Ipam6.Cidr.parse(s.subnet()).contains(address)) {
                return;
            }
        }
        throw new InvalidArgumentException("Invalid address " + ip + ": It does not belong to any of this network's subnets");
    }

    /**
     * Creates the container's network namespace and plumbs it into the wanted networks with
     * netavark in one call; {@code inUse} gives the addresses taken on a network.
     */
    public List<Joined> setup(String containerId, String containerName, List<Wanted> wanted, List<PortMapping> ports,
                              Function<String, Collection<String>> inUse) {
        Path netns = namespaces.create(containerId);
        try {
            return join(containerId, containerName, wanted, ports, inUse, 0, netns);
        } catch (RuntimeException e) {
            namespaces.remove(containerId);
            throw e;
        }
    }

    /** Connects a running container (its namespace exists) to one more network. */
    public Joined connect(String containerId, String containerName, Wanted wanted, int interfaceIndex,
                          Function<String, Collection<String>> inUse) {
        return join(containerId, containerName, List.of(wanted), List.of(), inUse, interfaceIndex,
                namespaces.path(containerId)).getFirst();
    }

    private List<Joined> join(String containerId, String containerName, List<Wanted> wanted, List<PortMapping> ports,
                              Function<String, Collection<String>> inUse, int firstInterface, Path netns) {
        checkPorts(ports);
        var attachments = new ArrayList<Attachment>();
        var definitions = new ArrayList<NetworkDefinition>();
        var subnets4 = new ArrayList<NetworkRecord.Subnet>();
        allocation.lock();
        try {
            int index = firstInterface;
            for (var w : wanted) {
                var subnet = w.network().subnets().stream().filter(s -> !s.subnet().contains(":")).findFirst()
                        .orElseThrow(() -> new InvalidArgumentException("network " + w.network().name()
                                + " has no IPv4 subnet"));
                subnets4.add(subnet);
                var used = new java.util.HashSet<>(inUse.apply(w.network().id()));
                for (var release : releasing.values()) {
                    for (String held : release.addresses()) {
                        if (held.startsWith(w.network().id() + "/")) {
                            used.add(held.substring(held.indexOf('/') + 1));
                        }
                    }
                }
                String ip;
                if (w.staticIp().isPresent()) {
                    ip = w.staticIp().get();
                    checkStaticIp(w.network(), ip);
                    if (used.contains(ip) || ip.equals(subnet.gateway())) {
                        throw new ConflictException("Address already in use");
                    }
                } else {
                    var cidr = Ipam.Cidr.parse(subnet.subnet());
                    var range = subnet.ipRange().isEmpty() ? cidr : Ipam.Cidr.parse(subnet.ipRange());
                    ip = Ipam.allocate(cidr, range, subnet.gateway(), used);
                }
                var ips = new ArrayList<String>(List.of(ip));
                var subnet6 = w.network().subnets().stream().filter(NetworkRecord.Subnet::isV6).findFirst();
                if (subnet6.isPresent()) {
                    ips.add(allocate6(w, subnet6.get(), used));
                } else if (w.staticIp6().isPresent()) {
                    checkStaticIp6(w.network(), w.staticIp6().get());
                }
                attachments.add(new Attachment(w.network().id(), ips,
                        w.network().dnsEnabled() ? w.aliases() : List.of(), "eth" + index++));
                definitions.add(definition(w.network()));
            }
        } finally {
            allocation.unlock();
        }
        var request = new Netavark.Request(containerId, containerName, attachments, definitions, ports);
        SetupResult result = netavark.setup(netns, request);
        for (var w : wanted) {
            if (w.network().predefined()) {
                netavark.keepBridge(w.network().bridgeInterface()); // the default bridge stays, as docker0 does
            }
        }
        var joined = new ArrayList<Joined>();
        for (int i = 0; i < wanted.size(); i++) {
            var w = wanted.get(i);
            var status = result.networks().get(w.network().id());
            var address = status == null || status.addresses().isEmpty() ? null : status.addresses().getFirst();
            String ip = attachments.get(i).staticIps().getFirst();
            Ipv6 ipv6 = null;
            if (attachments.get(i).staticIps().size() > 1) {
                String ip6 = attachments.get(i).staticIps().get(1);
                var subnet6 = w.network().subnets().stream().filter(NetworkRecord.Subnet::isV6).findFirst().orElseThrow();
                ipv6 = new Ipv6(ip6, Ipam6.Cidr.parse(subnet6.subnet()).prefix(), subnet6.gateway());
            }
            joined.add(new Joined(w.network(), attachments.get(i).interfaceName(), ip,
                    address == null ? Ipam.Cidr.parse(subnets4.get(i).subnet()).prefix() : address.prefixLength(),
                    address == null ? subnets4.get(i).gateway() : address.gateway(),
                    status == null ? "" : status.macAddress(), attachments.get(i).aliases(),
                    status == null ? List.of() : status.dnsServers(),
                    status == null ? List.of() : status.dnsSearchDomains(), ipv6));
            events.publish("network", "connect", w.network().id(), Map.of("name", w.network().name(),
                    "type", w.network().driver(), "container", containerId));
        }
        return joined;
    }

    /** The IPv6 address a container gets on a network: the one it asked for, or the next free one. */
    private static String allocate6(Wanted w, NetworkRecord.Subnet subnet, Collection<String> used) {
        if (w.staticIp6().isPresent()) {
            String ip = w.staticIp6().get();
            checkStaticIp6(w.network(), ip);
            ip = Ipam6.canonical(ip);
            if (used.contains(ip) || ip.equals(subnet.gateway())) {
                throw new ConflictException("Address already in use");
            }
            return ip;
        }
        var cidr = Ipam6.Cidr.parse(subnet.subnet());
        var range = subnet.ipRange().isEmpty() ? cidr : Ipam6.Cidr.parse(subnet.ipRange());
        return Ipam6.allocate(cidr, range, subnet.gateway(), used);
    }

    /** Docker refuses a host port another container (or process) holds. */
    private void checkPorts(List<PortMapping> ports) {
        var held = new java.util.HashSet<>(users.publishedPorts());
        for (var release : releasing.values()) {
            for (var p : release.ports()) {
                held.add((p.hostIp() == null ? "" : p.hostIp()) + ":" + p.hostPort() + "/" + p.protocol());
            }
        }
        for (PortMapping p : ports) {
            for (int i = 0; i < p.range(); i++) {
                int port = p.hostPort() + i;
                String ip = p.hostIp() == null ? "" : p.hostIp();
                boolean conflict = held.contains(ip + ":" + port + "/" + p.protocol())
                        || held.contains(":" + port + "/" + p.protocol())
                        || (ip.isEmpty() && held.stream().anyMatch(h -> h.endsWith(":" + port + "/" + p.protocol())));
                if (conflict || (p.protocol().equals("tcp") && !bindable(ip, port))) {
                    throw new io.berth.common.InternalException("driver failed programming external connectivity: "
                            + "Bind for " + (ip.isEmpty() ? "0.0.0.0" : ip) + ":" + port + " failed: port is already allocated");
                }
            }
        }
    }

    private static boolean bindable(String ip, int port) {
        try (var socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(ip.isEmpty() ? "0.0.0.0" : ip, port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** What netavark is told for teardown: the same attachments as at setup. */
    public Netavark.Request request(String containerId, String containerName, List<Joined> joined,
                                    List<PortMapping> ports) {
        var attachments = new ArrayList<Attachment>();
        var definitions = new ArrayList<NetworkDefinition>();
        for (var j : joined) {
            attachments.add(new Attachment(j.network().id(), j.staticIps(), j.aliases(), j.interfaceName()));
            definitions.add(definition(j.network()));
        }
        return new Netavark.Request(containerId, containerName, attachments, definitions, ports);
    }

    /**
     * Marks a container's addresses and host ports as still held until its {@link #teardown} ends,
     * so the teardown can run after the container's record has let go of them.
     */
    public void holdUntilTornDown(String containerId, List<Joined> joined, List<PortMapping> ports) {
        var addresses = new java.util.HashSet<String>();
        for (var j : joined) {
            for (String ip : j.staticIps()) {
                addresses.add(j.network().id() + "/" + ip);
            }
        }
        releasing.put(containerId, new Release(addresses, List.copyOf(ports)));
    }

    /** True while a teardown of a container on this network is running. */
    private boolean releasingOn(String networkId) {
        return releasing.values().stream().anyMatch(r -> r.addresses().stream().anyMatch(a -> a.startsWith(networkId + "/")));
    }

    /** Undoes {@link #setup}: netavark teardown, then the namespace goes. */
    public void teardown(String containerId, Netavark.Request request) {
        try {
            if (!request.attachments().isEmpty()) {
                netavark.teardown(namespaces.path(containerId), request);
            }
        } finally {
            namespaces.remove(containerId);
            releasing.remove(containerId);
        }
        for (var a : request.attachments()) {
            find(a.network()).ifPresent(n -> events.publish("network", "disconnect", n.id(),
                    Map.of("name", n.name(), "type", n.driver(), "container", containerId)));
        }
    }

    /** Disconnects a running container from one network (its namespace stays). */
    public void disconnect(String containerId, Netavark.Request request) {
        netavark.teardown(namespaces.path(containerId), request);
        for (var a : request.attachments()) {
            find(a.network()).ifPresent(n -> events.publish("network", "disconnect", n.id(),
                    Map.of("name", n.name(), "type", n.driver(), "container", containerId)));
        }
    }

    /**
     * At shutdown: lets the default bridge go (with its firewall rules) when no container is on it
     * any more; containers that live on past the daemon keep it. netavark removes a bridge only at
     * the teardown of its last container, so a throwaway namespace is plugged in and out.
     */
    public void releaseDefaultBridge() {
        var bridge = find(BRIDGE);
        if (bridge.isEmpty() || !users.attachedTo(bridge.get().id()).isEmpty() || !releasing.isEmpty()) {
            return;
        }
        var record = bridge.get();
        if (!netavark.releaseBridge(record.bridgeInterface())) {
            return;
        }
        String id = Ids.random();
        var subnet = record.subnets().stream().filter(s -> !s.isV6()).findFirst().orElseThrow();
        String ip = Ipam.allocate(Ipam.Cidr.parse(subnet.subnet()), subnet.gateway(), List.of());
        var request = new Netavark.Request(id, "berth-release", List.of(new Attachment(record.id(), List.of(ip),
                List.of(), "eth0")), List.of(definition(record)), List.of());
        Path netns = namespaces.create(id);
        try {
            netavark.setup(netns, request);
            netavark.teardown(netns, request);
        } catch (RuntimeException e) {
            System.getLogger(NetworkService.class.getName()).log(System.Logger.Level.WARNING,
                    "removing the default bridge {0}: {1}", record.bridgeInterface(), e.getMessage());
        } finally {
            namespaces.remove(id);
        }
    }

    /** Removes a namespace that no request describes (a crash between creating and connecting it). */
    public void forgetNamespace(String containerId) {
        namespaces.remove(containerId);
    }

    public Path namespacePath(String containerId) {
        return namespaces.path(containerId);
    }

    /**
     * What netavark is told of a network. netavark names a network's firewall chains after the
     * network's name, so it gets the ID: every daemon has a network called {@code bridge}, and one
     * daemon's teardown must not touch another's chains. netavark pairs a container's static IPs
     * with the subnets by position, and those IPs are IPv4 first: so are the subnets here, whatever
     * order they were created in (the docker CLI sends {@code --subnet}s in a random order).
     */
    static NetworkDefinition definition(NetworkRecord n) {
        var subnets = new ArrayList<NetworkDefinition.Subnet>();
        n.subnets().stream().sorted(java.util.Comparator.comparing(NetworkRecord.Subnet::isV6))
                .forEach(s -> subnets.add(new NetworkDefinition.Subnet(s.subnet(), s.gateway())));
        return new NetworkDefinition(n.id(), n.id(), "bridge", n.bridgeInterface(), subnets, n.ipv6(), n.internal(),
                n.dnsEnabled());
    }
}
