package io.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * berthd's settings: flags win over {@code daemon.json} (same keys as Docker's where they exist),
 * which wins over the defaults.
 */
record DaemonConfig(Path socket, Path dataRoot, Path execRoot, Optional<String> defaultRuntime, boolean debug,
                    List<String> bridgeSubnets, List<String> addressPools, Dns dns,
                    Optional<InetSocketAddress> metricsAddr, List<String> insecureRegistries,
                    boolean registriesLoopbackOnly, io.berth.engine.logs.LogDefaults logDefaults,
                    Map<String, List<String>> registryMirrors, Path registryCertsDir) {
    /** Default DNS settings of containers (daemon.json {@code dns}, {@code dns-search}, {@code dns-opts}). */
    record Dns(List<String> servers, List<String> search, List<String> options) {
        static final Dns NONE = new Dns(List.of(), List.of(), List.of());
    }

    static final Path DEFAULT_SOCKET = Path.of("/run/berth/berth.sock");
    static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/berth");
    static final Path DEFAULT_EXEC_ROOT = Path.of("/run/berth");
    static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/berth/daemon.json");

    static final String USAGE = """
            Usage:  berthd [OPTIONS]

            A Docker-compatible container engine

            Options:
              -H, --host string            Daemon socket to listen on (default unix:///run/berth/berth.sock)
                  --data-root string       Root directory of persistent state (default "/var/lib/berth")
                  --exec-root string       Root directory for runtime state (default "/run/berth", or <data-root>/run)
                  --default-runtime string Default OCI runtime for containers: crun or runc (default: crun when usable)
                  --bip string             Specify the default bridge network's IP (CIDR, e.g. 172.17.0.1/16)
                  --dns list               DNS server to use (default [])
                  --dns-opt list           DNS options to use (default [])
                  --dns-search list        DNS search domains to use (default [])
                  --config-file string     Daemon configuration file (default "/etc/berth/daemon.json")
                  --metrics-addr string    Serve Prometheus metrics on this TCP address (host:port; off by default)
                  --insecure-registry list Enable insecure registry communication (plain HTTP; 127.0.0.0/8 always)
                  --registry-mirror list   Preferred Docker registry mirror
                  --registry-certs-dir string  Per-registry CAs and client certificates (default "/etc/docker/certs.d")
                  --log-driver string      Default driver for container logs (default "json-file")
                  --log-opt map            Default log driver options for containers (default map[])
                  --registries-loopback-only  Talk to no registry but those on 127.0.0.0/8 (air-gapped hosts, tests)
              -D, --debug                  Enable debug logging
              -h, --help                   Print usage
            """;

    static DaemonConfig parse(String[] args) {
        String host = null;
        String dataRoot = null;
        String execRoot = null;
        String runtime = null;
        String configFile = null;
        String bip = null;
        String metricsAddr = null;
        boolean debug = false;
        var dnsServers = new ArrayList<String>();
        var dnsSearch = new ArrayList<String>();
        var dnsOptions = new ArrayList<String>();
        var insecure = new ArrayList<String>();
        var hubMirrors = new ArrayList<String>();
        String certsDir = null;
        boolean loopbackOnly = false;
        String logDriver = null;
        var logOpts = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-H", "--host" -> host = value != null ? value : next(args, ++i, arg);
                case "--data-root", "-g", "--graph" -> dataRoot = value != null ? value : next(args, ++i, arg);
                case "--exec-root" -> execRoot = value != null ? value : next(args, ++i, arg);
                case "--default-runtime", "--runtime" -> runtime = value != null ? value : next(args, ++i, arg);
                case "--config-file" -> configFile = value != null ? value : next(args, ++i, arg);
                case "--bip" -> bip = value != null ? value : next(args, ++i, arg);
                case "--dns" -> dnsServers.add(value != null ? value : next(args, ++i, arg));
                case "--dns-search" -> dnsSearch.add(value != null ? value : next(args, ++i, arg));
                case "--dns-opt" -> dnsOptions.add(value != null ? value : next(args, ++i, arg));
                case "--metrics-addr" -> metricsAddr = value != null ? value : next(args, ++i, arg);
                case "--insecure-registry" -> insecure.add(value != null ? value : next(args, ++i, arg));
                case "--registries-loopback-only" -> loopbackOnly = true;
                case "--registry-mirror" -> hubMirrors.add(value != null ? value : next(args, ++i, arg));
                case "--registry-certs-dir" -> certsDir = value != null ? value : next(args, ++i, arg);
                case "--log-driver" -> logDriver = value != null ? value : next(args, ++i, arg);
                case "--log-opt" -> {
                    String opt = value != null ? value : next(args, ++i, arg);
                    int sep = opt.indexOf('=');
                    if (sep <= 0) {
                        throw new InvalidArgumentException("invalid key value pair format in log-opt: " + opt);
                    }
                    logOpts.put(opt.substring(0, sep), opt.substring(sep + 1));
                }
                case "-D", "--debug" -> debug = true;
                case "-h", "--help" -> throw new HelpRequested();
                default -> throw new InvalidArgumentException("unknown flag: " + arg);
            }
        }
        JsonNode file = readConfigFile(configFile == null ? DEFAULT_CONFIG_FILE : Path.of(configFile), configFile != null);
        if (host == null && file.path("hosts").isArray() && !file.path("hosts").isEmpty()) {
            host = file.path("hosts").get(0).asText();
        }
        if (dataRoot == null && file.hasNonNull("data-root")) {
            dataRoot = file.get("data-root").asText();
        }
        if (execRoot == null && file.hasNonNull("exec-root")) {
            execRoot = file.get("exec-root").asText();
        }
        if (runtime == null && file.hasNonNull("default-runtime")) {
            runtime = file.get("default-runtime").asText();
        }
        if (metricsAddr == null && file.hasNonNull("metrics-addr")) {
            metricsAddr = file.get("metrics-addr").asText();
        }
        debug |= file.path("debug").asBoolean(false);
        Path socket = host == null ? DEFAULT_SOCKET : unixPath(host);
        Path data = dataRoot == null ? DEFAULT_DATA_ROOT : Path.of(dataRoot).toAbsolutePath();
        Path exec = execRoot != null ? Path.of(execRoot).toAbsolutePath()
                : data.equals(DEFAULT_DATA_ROOT) ? DEFAULT_EXEC_ROOT : data.resolve("run");
        var subnets = new ArrayList<String>();
        if (bip == null && file.hasNonNull("bip")) {
            bip = file.get("bip").asText();
        }
        if (bip != null) {
            subnets.add(networkOf(bip));
        }
        var dns = new Dns(orFile(dnsServers, file, "dns"), orFile(dnsSearch, file, "dns-search"),
                orFile(dnsOptions, file, "dns-opts"));
        for (String server : dns.servers()) {
            try {
                java.net.InetAddress.ofLiteral(server);
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentException("invalid IP address: " + server);
            }
        }
        file.path("insecure-registries").forEach(r -> insecure.add(r.asText()));
        if (logDriver == null && file.hasNonNull("log-driver")) {
            logDriver = file.get("log-driver").asText();
        }
        if (logOpts.isEmpty()) {
            file.path("log-opts").properties().forEach(e -> logOpts.put(e.getKey(), e.getValue().asText()));
        }
        io.berth.engine.logs.LogDefaults logDefaults;
        try {
            logDefaults = new io.berth.engine.logs.LogDefaults(logDriver == null ? "json-file" : logDriver, logOpts);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("unable to configure the daemon: " + e.getMessage());
        }
        if (certsDir == null && file.hasNonNull("registry-certs-dir")) {
            certsDir = file.get("registry-certs-dir").asText();
        }
        return new DaemonConfig(socket, data, exec, Optional.ofNullable(runtime), debug, subnets, pools(file), dns,
                metricsAddr == null || metricsAddr.isEmpty() ? Optional.empty() : Optional.of(tcpAddress(metricsAddr)),
                List.copyOf(insecure), loopbackOnly || file.path("registries-loopback-only").asBoolean(false),
                logDefaults, mirrors(hubMirrors, file.path("registry-mirrors")),
                certsDir == null ? io.berth.image.registry.RegistryHosts.DEFAULT_CERTS_DIR : Path.of(certsDir).toAbsolutePath());
    }

    /**
     * Registry mirrors: {@code --registry-mirror} and daemon.json {@code registry-mirrors} as Docker has
     * them (a list of URLs: Docker Hub's mirrors), or an object naming the mirrors of any registry
     * ({@code {"docker.io": ["https://m"], "registry.lan:5000": ["http://127.0.0.1:5001"]}}).
     */
    static Map<String, List<String>> mirrors(List<String> hubFlags, JsonNode file) {
        var map = new LinkedHashMap<String, List<String>>();
        var hub = new ArrayList<String>(hubFlags);
        if (file.isArray()) {
            file.forEach(m -> hub.add(m.asText()));
        } else if (file.isObject()) {
            file.properties().forEach(e -> {
                String registry = e.getKey().equals("index.docker.io") || e.getKey().equals("registry-1.docker.io")
                        ? "docker.io" : e.getKey();
                var urls = new ArrayList<String>(map.getOrDefault(registry, List.of()));
                if (e.getValue().isArray()) {
                    e.getValue().forEach(m -> urls.add(m.asText()));
                } else {
                    urls.add(e.getValue().asText());
                }
                map.put(registry, List.copyOf(urls));
            });
        } else if (!file.isMissingNode() && !file.isNull()) {
            throw new InvalidArgumentException("unable to configure the daemon: registry-mirrors must be a list of URLs"
                    + " or an object of registry → URLs");
        }
        if (!hub.isEmpty()) {
            var urls = new ArrayList<String>(hub);
            urls.addAll(map.getOrDefault("docker.io", List.of()));
            map.put("docker.io", List.copyOf(urls));
        }
        return Map.copyOf(map);
    }

    /** The flag's values if any were given, else the config file's array under {@code key}. */
    private static List<String> orFile(List<String> flags, JsonNode file, String key) {
        if (!flags.isEmpty()) {
            return List.copyOf(flags);
        }
        var values = new ArrayList<String>();
        for (JsonNode value : file.path(key)) {
            values.add(value.asText());
        }
        return List.copyOf(values);
    }

    /** daemon.json {@code default-address-pools}: [{"base": "10.10.0.0/16", "size": 24}, …] expanded into subnets. */
    static List<String> pools(JsonNode file) {
        var pools = new ArrayList<String>();
        for (JsonNode pool : file.path("default-address-pools")) {
            var base = io.berth.network.Ipam.Cidr.parse(pool.path("base").asText());
            int size = pool.path("size").asInt(base.prefix());
            if (size < base.prefix() || size > 30) {
                throw new InvalidArgumentException("invalid default-address-pools: size " + size + " for base " + base);
            }
            long count = 1L << (size - base.prefix());
            for (long i = 0; i < count && pools.size() < 4096; i++) {
                int network = base.network() + (int) (i << (32 - size));
                pools.add(io.berth.network.Ipam.toText(network) + "/" + size);
            }
        }
        return pools;
    }

    /** {@code host:port} or {@code [v6]:port}, as Docker's {@code metrics-addr}; an empty host is every address. */
    static InetSocketAddress tcpAddress(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new InvalidArgumentException("invalid metrics-addr " + value + ": missing port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new InvalidArgumentException("invalid metrics-addr " + value + ": bad port");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    private static String networkOf(String bip) {
        var cidr = io.berth.network.Ipam.Cidr.parse(bip);
        return cidr.toString();
    }

    private static String next(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new InvalidArgumentException("flag needs an argument: " + flag);
        }
        return args[i];
    }

    static Path unixPath(String host) {
        if (host.startsWith("unix://")) {
            return Path.of(host.substring("unix://".length()));
        }
        if (host.startsWith("/")) {
            return Path.of(host);
        }
        throw new InvalidArgumentException("invalid host: " + host + " (berthd listens on unix:// sockets)");
    }

    private static JsonNode readConfigFile(Path file, boolean required) {
        if (!Files.exists(file)) {
            if (required) {
                throw new InvalidArgumentException("unable to configure the daemon: open " + file
                        + ": no such file or directory");
            }
            return Json.mapper().createObjectNode();
        }
        try {
            return Json.tree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidArgumentException("unable to configure the daemon: " + e.getMessage());
        }
    }

    /** {@code -h}: print usage and exit 0. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
