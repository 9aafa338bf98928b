package io.berth.cli.command.container;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.PortBinding;
import io.berth.api.model.RestartPolicy;
import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags {@code run} and {@code create} share, and their translation into a create request. */
public final class ContainerFlags {
    @Option(names = "--name", description = "Assign a name to the container")
    String name;

    @Option(names = {"-e", "--env"}, description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", description = "Read in a file of environment variables")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(names = {"-l", "--label"}, description = "Set meta data on a container")
    List<String> labels = new ArrayList<>();

    @Option(names = {"--network", "--net"}, description = "Connect a container to a network")
    String network;

    @Option(names = {"--network-alias", "--net-alias"}, description = "Add network-scoped alias for the container")
    List<String> networkAliases = new ArrayList<>();

    @Option(names = "--ip", description = "IPv4 address (e.g., 172.30.100.104)")
    String ip;

    @Option(names = "--ip6", description = "IPv6 address (e.g., 2001:db8::33)")
    String ip6;

    @Option(names = {"-m", "--memory"}, description = "Memory limit")
    String memory;

    @Option(names = "--memory-swap", description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
    String memorySwap;

    @Option(names = "--cpus", description = "Number of CPUs")
    String cpus;

    @Option(names = {"-c", "--cpu-shares"}, description = "CPU shares (relative weight)")
    Long cpuShares;

    @Option(names = "--cpuset-cpus", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--pids-limit", description = "Tune container pids limit (set -1 for unlimited)")
    Long pidsLimit;

    @Option(names = "--runtime", description = "Runtime to use for this container")
    String runtime;

    @Option(names = {"-h", "--hostname"}, description = "Container host name")
    String hostname;

    @Option(names = "--domainname", description = "Container NIS domain name")
    String domainname;

    @Option(names = {"-p", "--publish"}, description = "Publish a container's port(s) to the host")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random ports")
    boolean publishAll;

    @Option(names = "--expose", description = "Expose a port or a range of ports")
    List<String> expose = new ArrayList<>();

    @Option(names = "--privileged", description = "Give extended privileges to this container")
    boolean privileged;

    @Option(names = "--cap-add", description = "Add Linux capabilities")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", description = "Drop Linux capabilities")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--security-opt", description = "Security Options")
    List<String> securityOpt = new ArrayList<>();

    @Option(names = "--read-only", description = "Mount the container's root filesystem as read only")
    boolean readOnly;

    @Option(names = {"-v", "--volume"}, description = "Bind mount a volume")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mount", description = "Attach a filesystem mount to the container")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--tmpfs", description = "Mount a tmpfs directory")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--volumes-from", description = "Mount volumes from the specified container(s)")
    List<String> volumesFrom = new ArrayList<>();

    @Option(names = "--stop-signal", description = "Signal to stop the container")
    String stopSignal;

    @Option(names = "--stop-timeout", description = "Timeout (in seconds) to stop a container")
    Long stopTimeout;

    @Option(names = "--dns", description = "Set custom DNS servers")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", description = "Set custom DNS search domains")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = {"--dns-option", "--dns-opt"}, description = "Set DNS options")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--add-host", description = "Add a custom host-to-IP mapping (host:ip)")
    List<String> addHost = new ArrayList<>();

    @Option(names = "--group-add", description = "Add additional groups to join")
    List<String> groupAdd = new ArrayList<>();

    @Option(names = "--sysctl", description = "Sysctl options")
    List<String> sysctls = new ArrayList<>();

    @Option(names = "--restart", description = "Restart policy to apply when a container exits (default \"no\")")
    String restart;

    @Option(names = "--init", description = "Run an init inside the container that forwards signals and reaps processes")
    boolean init;

    @Option(names = "--health-cmd", description = "Command to run to check health")
    String healthCmd;

    @Option(names = "--health-interval", description = "Time between running the check (ms|s|m|h) (default 0s)")
    String healthInterval;

    @Option(names = "--health-timeout", description = "Maximum time to allow one check to run (ms|s|m|h) (default 0s)")
    String healthTimeout;

    @Option(names = "--health-retries", description = "Consecutive failures needed to report unhealthy")
    Integer healthRetries;

    @Option(names = "--health-start-period", description = "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)")
    String healthStartPeriod;

    @Option(names = "--health-start-interval", description = "Time between running the check during the start period (ms|s|m|h) (default 0s)")
    String healthStartInterval;

    @Option(names = "--no-healthcheck", description = "Disable any container-specified HEALTHCHECK")
    boolean noHealthcheck;

    @Option(names = "--health-on-failure", description = "Action to take once the container turns unhealthy: none, kill, restart, stop (default \"none\")")
    String healthOnFailure;

    @Option(names = "--annotation", description = "Add an annotation to the container (passed through to the OCI runtime)")
    List<String> annotations = new ArrayList<>();

    @Option(names = "--log-driver", description = "Logging driver for the container")
    String logDriver;

    @Option(names = "--log-opt", description = "Log driver options")
    List<String> logOpts = new ArrayList<>();

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Option(names = "--pull", description = "Pull image before running (\"always\", \"missing\", \"never\")")
    String pull = "missing";

    /** Builds the create request; {@code attach*} and {@code tty}/{@code stdin} come from the command. */
    ContainerCreateRequest toRequest(String image, List<String> command, boolean interactive, boolean tty,
                                     boolean attachStdout, boolean attachStderr, boolean autoRemove,
                                     List<Long> consoleSize) {
        var exposed = new LinkedHashMap<String, Map<String, Object>>();
        var bindings = new LinkedHashMap<String, List<PortBinding>>();
        for (String spec : publish) {
            PortSpecs.parse(spec, exposed, bindings);
        }
        for (String port : expose) {
            expose(port, exposed);
        }
        var config = ContainerConfig.builder()
                .hostname(hostname == null ? "" : hostname)
                .domainname(domainname == null ? "" : domainname)
                .user(user == null ? "" : user)
                .attachStdin(interactive)
                .attachStdout(attachStdout)
                .attachStderr(attachStderr)
                .tty(tty)
                .openStdin(interactive)
                .stdinOnce(interactive)
                .env(environment())
                .cmd(command.isEmpty() ? null : command)
                .image(image)
                .workingDir(workdir == null ? "" : workdir)
                .entrypoint(entrypoint == null ? null : entrypoint.isEmpty() ? List.of("") : List.of(entrypoint))
                .labels(keyValues(labels, "label"))
                .exposedPorts(exposed.isEmpty() ? null : exposed)
                .volumes(MountFlags.anonymousVolumes(volumes))
                .stopSignal(stopSignal)
                .stopTimeout(stopTimeout)
                .healthcheck(HealthFlags.healthcheck(healthCmd, healthInterval, healthTimeout, healthRetries,
                        healthStartPeriod, healthStartInterval, noHealthcheck))
                .build();
        if (autoRemove && !parseRestartPolicy(restart).name().equals("no")) {
            throw new InvalidArgumentException("conflicting options: cannot specify both --restart and --rm");
        }
        var host = HostConfig.builder()
                .networkMode(network == null ? "default" : network)
                .portBindings(bindings.isEmpty() ? null : bindings)
                .publishAllPorts(publishAll)
                .autoRemove(autoRemove)
                .privileged(privileged)
                .capAdd(capAdd.isEmpty() ? null : capAdd)
                .capDrop(capDrop.isEmpty() ? null : capDrop)
                .securityOpt(securityOptions())
                .readonlyRootfs(readOnly)
                .binds(MountFlags.binds(volumes))
                .mounts(MountFlags.mounts(mounts))
                .tmpfs(MountFlags.tmpfs(tmpfs))
                .volumesFrom(volumesFrom.isEmpty() ? null : volumesFrom)
                .dns(dns)
                .dnsSearch(dnsSearch)
                .dnsOptions(dnsOptions)
                .extraHosts(addHost.isEmpty() ? null : addHost)
                .groupAdd(groupAdd.isEmpty() ? null : groupAdd)
                .sysctls(sysctls.isEmpty() ? null : keyValues(sysctls, "sysctl"))
                .runtime(runtime == null ? "" : runtime)
                .memory(memory == null ? 0L : Sizes.ramInBytes(memory, "-m, --memory"))
                .memorySwap(memorySwap == null ? 0L : memorySwap.equals("-1") ? -1L : Sizes.ramInBytes(memorySwap, "--memory-swap"))
                .nanoCpus(cpus == null ? 0L : nanoCpus(cpus))
                .cpuShares(cpuShares == null ? 0L : cpuShares)
                .cpusetCpus(cpusetCpus == null ? "" : cpusetCpus)
                .pidsLimit(pidsLimit)
                .restartPolicy(restartPolicy())
                .init(init ? Boolean.TRUE : null)
                .annotations(HealthFlags.annotations(keyValues(annotations, "annotation"), healthOnFailure))
                .consoleSize(consoleSize)
                .logConfig(logConfig())
                .build();
        return new ContainerCreateRequest(config, host, networkingConfig());
    }

    /** {@code --expose 80}, {@code 53/udp} or a range {@code 8000-8001}, one exposed port each, as docker expands it. */
    private static void expose(String spec, Map<String, Map<String, Object>> exposed) {
        if (spec.contains(":")) {
            throw new InvalidArgumentException("invalid port format for --expose: " + spec);
        }
        int slash = spec.indexOf('/');
        String proto = slash < 0 ? "tcp" : spec.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
        String ports = slash < 0 ? spec : spec.substring(0, slash);
        int dash = ports.indexOf('-');
        int start;
        int end;
        try {
            start = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
            end = dash < 0 ? start : Integer.parseInt(ports.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid range format for --expose: " + spec);
        }
        if (start < 1 || end > 65535 || end < start) {
            throw new InvalidArgumentException("invalid range format for --expose: " + spec);
        }
        for (int port = start; port <= end; port++) {
            exposed.putIfAbsent(port + "/" + proto, Map.of());
        }
    }

    /** {@code --network-alias}, {@code --ip}: the endpoint settings of the network the container starts on. */
    private NetworkingConfig networkingConfig() {
        if (networkAliases.isEmpty() && ip == null && ip6 == null) {
            return NetworkingConfig.builder().build();
        }
        String network = this.network == null ? "default" : this.network;
        var endpoint = io.berth.api.model.EndpointSettings.builder()
                .aliases(networkAliases.isEmpty() ? null : networkAliases)
                .ipamConfig(ip == null && ip6 == null ? null
                        : io.berth.api.model.EndpointIPAMConfig.builder().iPv4Address(ip).iPv6Address(ip6).build())
                .build();
        return NetworkingConfig.builder().endpointsConfig(Map.of(network, endpoint)).build();
    }

    private List<String> environment() {
        return EnvFlags.resolve(envFiles, env);
    }

    private List<String> securityOptions() {
        var out = new ArrayList<String>();
        for (String opt : securityOpt) {
            // as docker does: a seccomp profile file is read here and sent as JSON
            if (opt.startsWith("seccomp=") || opt.startsWith("seccomp:")) {
                String value = opt.substring("seccomp=".length());
                if (!value.equals("unconfined") && !value.equals("builtin") && !value.startsWith("{")) {
                    try {
                        String json = Files.readString(Path.of(value));
                        out.add("seccomp=" + json);
                        continue;
                    } catch (IOException e) {
                        throw new InvalidArgumentException("opening seccomp profile (" + value + ") failed: "
                                + e.getMessage());
                    }
                }
            }
            out.add(opt);
        }
        return out.isEmpty() ? null : out;
    }

    /** {@code --log-driver}, {@code --log-opt k=v}: as docker sends them (an empty type takes the daemon's default). */
    private HostConfig.LogConfig logConfig() {
        String driver = logDriver == null ? "" : logDriver;
        if (driver.equals("none") && !logOpts.isEmpty()) {
            throw new InvalidArgumentException("invalid logging opts for driver none");
        }
        var options = new LinkedHashMap<String, String>();
        for (String opt : logOpts) {
            int eq = opt.indexOf('=');
            options.put(eq < 0 ? opt : opt.substring(0, eq), eq < 0 ? "" : opt.substring(eq + 1));
        }
        return HostConfig.LogConfig.builder().type(driver).config(options).build();
    }

    private RestartPolicy restartPolicy() {
        return parseRestartPolicy(restart);
    }

    /** docker's {@code --restart no|always|on-failure[:N]|unless-stopped}. */
    static RestartPolicy parseRestartPolicy(String restart) {
        if (restart == null || restart.isEmpty() || restart.equals("no")) {
            return RestartPolicy.builder().name("no").maximumRetryCount(0L).build();
        }
        String[] parts = restart.split(":", 2);
        long retries = 0;
        if (parts.length == 2) {
            try {
                retries = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid restart policy format: maximum retry count must be an integer");
            }
        }
        if (!List.of("always", "unless-stopped", "on-failure").contains(parts[0])) {
            throw new InvalidArgumentException("invalid restart policy format: unknown policy '" + parts[0] + "'");
        }
        return RestartPolicy.builder().name(parts[0]).maximumRetryCount(retries).build();
    }

    static long nanoCpus(String value) {
        java.math.BigDecimal cpus;
        try {
            cpus = new java.math.BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid argument \"" + value + "\" for \"--cpus\" flag: failed to parse "
                    + value + " as a rational number");
        }
        try {
            return cpus.movePointRight(9).longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidArgumentException("invalid argument \"" + value + "\" for \"--cpus\" flag: value is too precise");
        }
    }

    private static Map<String, String> keyValues(List<String> entries, String what) {
        if (entries.isEmpty()) {
            return Map.of();
        }
        var map = new LinkedHashMap<String, String>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq == 0) {
                throw new InvalidArgumentException("invalid " + what + ": " + entry);
            }
            map.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        return map;
    }

}
