package io.berth.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.Exec;
import io.berth.common.ExecResult;
import io.berth.common.InternalException;
import io.berth.common.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** netavark's command line: its JSON in on stdin, its JSON status out. */
public final class Netavark {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Serialises netavark calls on the host: in-process first (a JVM holds a file lock once), then the file. */
    private static final java.util.concurrent.locks.ReentrantLock LOCAL = new java.util.concurrent.locks.ReentrantLock();
    private static final Path LOCK_FILE = Path.of("/run/lock/berth-netavark.lock");

    private final Path binary;
    private final Path aardvark;
    private final Path configDir;
    /** The resolv.conf aardvark-dns forwards by, in place of the host's (null: the host's). */
    private final Path upstream;

    public Netavark(Path binary, Path aardvark, Path configDir) {
        this(binary, aardvark, configDir, List.of());
    }

    /**
     * With {@code upstreamDns} not empty, aardvark-dns forwards names it does not know to those
     * servers instead of the host's: netavark (and the aardvark-dns it starts) run in a mount
     * namespace of their own where {@code /etc/resolv.conf} lists them.
     */
    public Netavark(Path binary, Path aardvark, Path configDir, List<String> upstreamDns) {
        this.binary = binary;
        this.aardvark = aardvark;
        this.configDir = configDir;
        try {
            java.nio.file.Files.createDirectories(configDir);
            java.nio.file.Files.createDirectories(LOCK_FILE.getParent());
            if (upstreamDns.isEmpty()) {
                upstream = null;
            } else {
                upstream = configDir.resolve("upstream-resolv.conf");
                var text = new StringBuilder();
                upstreamDns.forEach(server -> text.append("nameserver ").append(server).append('\n'));
                io.berth.common.AtomicFiles.write(upstream, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            throw new InternalException("creating netavark's directory " + configDir, e);
        }
    }

    public static Path defaultBinary() {
        return Path.of("/usr/lib/podman/netavark");
    }

    public static Path defaultAardvark() {
        return Path.of("/usr/lib/podman/aardvark-dns");
    }

    /** The options document for one container. */
    public record Request(String containerId, String containerName, List<Attachment> attachments,
                          List<NetworkDefinition> networks, List<PortMapping> ports) {}

    public SetupResult setup(Path netns, Request request) {
        ExecResult result = run("setup", netns, request);
        if (!result.ok()) {
            throw new InternalException("netavark setup failed: " + error(result));
        }
        return parse(Json.tree(result.stdout()));
    }

    public void teardown(Path netns, Request request) {
        ExecResult result = run("teardown", netns, request);
        if (!result.ok()) {
            throw new InternalException("netavark teardown failed: " + error(result));
        }
    }

    private ExecResult run(String verb, Path netns, Request request) {
        // netavark changes shared iptables chains without a lock of its own: a teardown that drops a
        // network's chains while a setup appends to them fails the setup, so calls go one at a time
        // (within this daemon, and across daemons and tools that take the same host-wide lock)
        LOCAL.lock();
        try (var channel = java.nio.channels.FileChannel.open(LOCK_FILE, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
             var ignored = channel.lock()) {
            return Exec.run(argv(verb, netns), Map.of(), Json.writeBytes(options(request)), TIMEOUT);
        } catch (java.io.IOException e) {
            throw new InternalException("taking the netavark lock " + LOCK_FILE + ": " + e.getMessage(), e);
        } finally {
            LOCAL.unlock();
        }
    }

    List<String> argv(String verb, Path netns) {
        var argv = new ArrayList<String>();
        if (upstream != null) {
            argv.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                    "mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"", upstream.toString()));
        }
        argv.addAll(List.of(binary.toString(), "--config", configDir.toString(), "--aardvark-binary",
                aardvark.toString(), verb, netns.toString()));
        return argv;
    }

    private static String error(ExecResult result) {
        String err = result.err().strip();
        try {
            JsonNode node = Json.tree(result.stdout());
            if (node.has("error")) {
                return node.get("error").asText();
            }
        } catch (RuntimeException ignored) {
            // not JSON
        }
        return err.isEmpty() ? "exit status " + result.exitCode() : err;
    }

    /**
     * Makes {@code bridge} outlive its last container, as Docker's {@code docker0} does: netavark
     * deletes a bridge (and its firewall rules) when the last port leaves it, which costs ≈150 ms
     * at that teardown and ≈10 ms more at the next setup. A veth end kept down as a port of the
     * bridge (the "keeper") stops that. No-op when the bridge does not exist (yet) or is kept already.
     */
    public void keepBridge(String bridge) {
        LOCAL.lock();
        try {
            Path sys = Path.of("/sys/class/net");
            String keeper = keeperName(bridge);
            if (!java.nio.file.Files.exists(sys.resolve(bridge))
                    || java.nio.file.Files.exists(sys.resolve(keeper).resolve("master"))) {
                return;
            }
            if (!java.nio.file.Files.exists(sys.resolve(keeper))) {
                ip("link", "add", keeper, "type", "veth", "peer", "name", keeperPeerName(bridge));
            }
            ip("link", "set", keeper, "master", bridge);
        } finally {
            LOCAL.unlock();
        }
    }

    /**
     * Undoes {@link #keepBridge}: deletes the keeper; returns true when the bridge is then left
     * without ports (its next complete teardown by netavark removes it and its rules).
     */
    public boolean releaseBridge(String bridge) {
        LOCAL.lock();
        try {
            Path sys = Path.of("/sys/class/net");
            if (java.nio.file.Files.exists(sys.resolve(keeperName(bridge)))) {
                ip("link", "del", keeperName(bridge));
            }
            Path ports = sys.resolve(bridge).resolve("brif");
            if (!java.nio.file.Files.isDirectory(ports)) {
                return false;
            }
            try (var list = java.nio.file.Files.list(ports)) {
                return list.findAny().isEmpty();
            }
        } catch (java.io.IOException e) {
            return false;
        } finally {
            LOCAL.unlock();
        }
    }

    /** The keeper's name: short enough for the kernel's 15 characters whatever the bridge is called. */
    static String keeperName(String bridge) {
        return "bk" + String.format("%08x", bridge.hashCode());
    }

    static String keeperPeerName(String bridge) {
        return "bp" + String.format("%08x", bridge.hashCode());
    }

    private static void ip(String... args) {
        var argv = new ArrayList<String>(List.of("/usr/sbin/ip"));
        argv.addAll(List.of(args));
        ExecResult result = Exec.run(argv, Duration.ofSeconds(10));
        if (!result.ok()) {
            throw new InternalException("ip " + String.join(" ", args) + ": " + result.err().strip());
        }
    }

    static ObjectNode options(Request request) {
        var f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("container_id", request.containerId());
        root.put("container_name", request.containerName());
        ArrayNode ports = root.putArray("port_mappings");
        for (PortMapping p : request.ports()) {
            ObjectNode port = ports.addObject();
            port.put("host_ip", p.hostIp());
            port.put("container_port", p.containerPort());
            port.put("host_port", p.hostPort());
            port.put("range", p.range());
            port.put("protocol", p.protocol());
        }
        ObjectNode networks = root.putObject("networks");
        for (Attachment a : request.attachments()) {
            ObjectNode n = networks.putObject(a.network());
            ArrayNode ips = n.putArray("static_ips");
            a.staticIps().forEach(ips::add);
            ArrayNode aliases = n.putArray("aliases");
            a.aliases().forEach(aliases::add);
            n.put("interface_name", a.interfaceName());
        }
        ObjectNode info = root.putObject("network_info");
        for (NetworkDefinition d : request.networks()) {
            ObjectNode n = info.putObject(d.name());
            n.put("name", d.name());
            n.put("id", d.id());
            n.put("driver", d.driver());
            n.put("network_interface", d.bridgeInterface());
            ArrayNode subnets = n.putArray("subnets");
            for (var s : d.subnets()) {
                ObjectNode subnet = subnets.addObject();
                subnet.put("subnet", s.cidr());
                subnet.put("gateway", s.gateway());
            }
            n.put("ipv6_enabled", d.ipv6());
            n.put("internal", d.internal());
            n.put("dns_enabled", d.dnsEnabled());
            n.putObject("ipam_options").put("driver", "host-local");
        }
        return root;
    }

    static SetupResult parse(JsonNode root) {
        var networks = new LinkedHashMap<String, SetupResult.NetworkStatus>();
        root.properties().forEach(entry -> {
            JsonNode status = entry.getValue();
            String mac = "";
            var addresses = new ArrayList<SetupResult.Address>();
            for (JsonNode iface : status.path("interfaces")) {
                mac = iface.path("mac_address").asText("");
                for (JsonNode subnet : iface.path("subnets")) {
                    addresses.add(new SetupResult.Address(subnet.path("ipnet").asText(), subnet.path("gateway").asText("")));
                }
            }
            var servers = new ArrayList<String>();
            status.path("dns_server_ips").forEach(n -> servers.add(n.asText()));
            var search = new ArrayList<String>();
            status.path("dns_search_domains").forEach(n -> search.add(n.asText()));
            networks.put(entry.getKey(), new SetupResult.NetworkStatus(mac, addresses, servers, search));
        });
        return new SetupResult(networks);
    }
}
