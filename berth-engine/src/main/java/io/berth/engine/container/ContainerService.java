package io.berth.engine.container;

import io.berth.api.model.AttachOptions;
import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.ContainerCreateResponse;
import io.berth.api.model.ContainerInspectResponse;
import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ContainerSummary;
import io.berth.api.model.ContainerWaitResponse;
import io.berth.api.model.HostConfig;
import io.berth.api.model.LogsOptions;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.PortBinding;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.StopOptions;
import io.berth.api.model.WaitCondition;
import io.berth.common.AtomicFiles;
import io.berth.common.ConflictException;
import io.berth.common.DetachKeys;
import io.berth.common.Digest;
import io.berth.common.Ids;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.common.NotModifiedException;
import io.berth.common.Timestamps;
import io.berth.engine.EngineConfig;
import io.berth.engine.events.EventBus;
import io.berth.engine.image.ImageService;
import io.berth.engine.image.ImageUsers;
import io.berth.engine.logs.ContainerLogs;
import io.berth.engine.logs.LogDefaults;
import io.berth.engine.logs.LogStream;
import io.berth.engine.network.NetworkService;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.network.PortMapping;
import io.berth.network.SetupResult;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.RuntimeFailureException;
import io.berth.runtime.conmon.AttachSocket;
import io.berth.runtime.conmon.ControlFifo;
import io.berth.runtime.conmon.ExitWatcher;
import io.berth.runtime.oci.BundleSpec;
import io.berth.runtime.oci.SpecGenerator;
import io.berth.store.overlay.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Container lifecycle; see the package documentation for files and lock order. */
public final class ContainerService implements ImageUsers {
    private static final System.Logger LOG = System.getLogger(ContainerService.class.getName());
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    /** Podman's --health-on-failure, kept as an annotation of the container (so the docker CLI can set it). */
    public static final String HEALTH_ON_FAILURE = "io.berth.health-on-failure";

    private final ContainerIndex index;
    private final ImageService images;
    private final LayerStore layers;
    private final Map<String, OciRuntime> runtimes;
    private final String defaultRuntime;
    private final ExitWatcher exits;
    private final NetworkService networks;
    private final EventBus events;
    private final EngineConfig config;
    private final Path socketDir;
    private final Path exitDir;
    private final ContainerNetworking networking;
    private final ContainerMounts mounts;
    private volatile HealthMonitor.Prober prober;
    private final ContainerLogs logs;
    private final io.berth.common.Trash trash;
    private final java.util.Set<CompletableFuture<Void>> pendingCleanups = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ContainerService(io.berth.store.state.StateStore state, ImageService images, LayerStore layers,
                            Map<String, OciRuntime> runtimes, String defaultRuntime, ExitWatcher exits,
                            NetworkService networks, EventBus events, EngineConfig config, Path exitDir,
                            io.berth.engine.volume.VolumeService volumes) {
        this(state, images, layers, runtimes, defaultRuntime, exits, networks, events, config, exitDir, volumes,
                LogDefaults.DOCKER);
    }

    /** With the daemon's log driver and options ({@code log-driver}, {@code log-opts}). */
    public ContainerService(io.berth.store.state.StateStore state, ImageService images, LayerStore layers,
                            Map<String, OciRuntime> runtimes, String defaultRuntime, ExitWatcher exits,
                            NetworkService networks, EventBus events, EngineConfig config, Path exitDir,
                            io.berth.engine.volume.VolumeService volumes, LogDefaults logDefaults) {
        this.logs = new ContainerLogs(config.containersDir(), logDefaults);
        this.trash = new io.berth.common.Trash(config.dataRoot().resolve("trash"));
        this.index = new ContainerIndex(state);
        this.mounts = new ContainerMounts(volumes);
        for (var entry : index.all()) {
            mounts.restore(entry.container); // the volumes' references, and what running containers have mounted
        }
        this.images = images;
        this.layers = layers;
        this.runtimes = Map.copyOf(runtimes);
        this.defaultRuntime = defaultRuntime;
        this.exits = exits;
        this.networks = networks;
        this.events = events;
        this.config = config;
        this.exitDir = exitDir;
        this.socketDir = config.execRoot().resolve("socks");
        this.networking = new ContainerNetworking(index, networks);
        try {
            Files.createDirectories(socketDir);
            Files.createDirectories(config.containersDir());
        } catch (IOException e) {
            throw new InternalException("creating " + socketDir, e);
        }
    }

    // --- create -------------------------------------------------------------------------------

    /** {@code POST /containers/create}. Nothing is left behind when it fails. */
    public ContainerCreateResponse create(Optional<String> requestedName, ContainerCreateRequest request) {
        ContainerConfig requestConfig = request.config() == null ? ContainerConfig.builder().build() : request.config();
        HostConfig host = request.hostConfig() == null ? HostConfig.builder().build() : request.hostConfig();
        String name = requestedName.filter(n -> !n.isEmpty()).map(ContainerIndex::validateName).orElse(null);
        if (requestConfig.image() == null || requestConfig.image().isEmpty()) {
            throw new InvalidArgumentException("no image specified");
        }
        if (name != null && index.nameTaken(name)) {
            throw ConflictException.containerName(name, index.resolve(name).container.id());
        }
        ImageRecord image = images.resolve(requestConfig.image());
        String runtime = host.runtime() == null || host.runtime().isEmpty() ? defaultRuntime : host.runtime();
        if (!runtimes.containsKey(runtime)) {
            throw new InvalidArgumentException("unknown or invalid runtime name: " + runtime);
        }
        BundleBuilder.validate(host, Runtime.getRuntime().availableProcessors());
        RestartManager.validate(host.restartPolicy(), Boolean.TRUE.equals(host.autoRemove()));
        validateHealth(requestConfig.healthcheck(), host);
        if (requestConfig.stopSignal() != null && !requestConfig.stopSignal().isEmpty()) {
            Signals.parse(requestConfig.stopSignal());
        }
        validateNetworkMode(host, request.networkingConfig());
        validatePorts(host);
        var logConfig = logs.resolve(host.logConfig());

        String id = Ids.random();
        var merged = ConfigMerge.merge(requestConfig, images.containerDefaults(image), id.substring(0, 12));
        List<String> argv = ConfigMerge.argv(merged);
        if (name == null) {
            name = NameGenerator.next(index::nameTaken);
        }
        var planned = mounts.plan(id, host, merged, ref -> index.resolve(ref).container);
        var container = new Container(id, name, Timestamps.now(), requestConfig.image(), image.id(), merged,
                ContainerViews.normalizeHostConfig(host, runtime).toBuilder().logConfig(logConfig).build(),
                request.networkingConfig() == null ? NetworkingConfig.builder().build() : request.networkingConfig(),
                argv.getFirst(), argv.subList(1, argv.size()), runtime, new RunState.Created("", 0), 0, Map.of(),
                false, planned);
        Path dir = containerDir(id);
        try {
            Files.createDirectories(dir);
            layers.createContainerLayer(id);
            if (ContainerMounts.wantsCopyUp(planned)) {
                try {
                    mounts.copyUp(container, layers.mount(id, ImageStore.chainIds(image)));
                } finally {
                    layers.unmount(id);
                }
            }
            index.add(container);
        } catch (IOException | RuntimeException e) {
            layers.removeContainerLayer(id);
            AtomicFiles.deleteTree(dir);
            mounts.remove(container, true);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new InternalException("creating container " + id, e);
        }
        publish(container, "create", Map.of());
        return ContainerCreateResponse.builder().id(id).warnings(List.of()).build();
    }

    /** moby's checks of a healthcheck (durations of at least 1 ms, retries not negative); the on-failure action. */
    private static void validateHealth(io.berth.api.model.HealthConfig health, HostConfig host) {
        if (health != null) {
            checkDuration(health.interval(), "Interval");
            checkDuration(health.timeout(), "Timeout");
            if (health.retries() != null && health.retries() < 0) {
                throw new InvalidArgumentException("Retries in Healthcheck cannot be negative");
            }
            checkDuration(health.startPeriod(), "StartPeriod");
            checkDuration(health.startInterval(), "StartInterval");
        }
        String action = host.annotations() == null ? null : host.annotations().get(HEALTH_ON_FAILURE);
        if (action != null && !List.of("none", "kill", "restart", "stop").contains(action)) {
            throw new InvalidArgumentException("invalid health on failure action \"" + action
                    + "\": must be one of none, kill, restart, stop");
        }
    }

    private static void checkDuration(Long nanos, String name) {
        if (nanos != null && nanos != 0 && nanos < 1_000_000) {
            throw new InvalidArgumentException(name + " in Healthcheck cannot be less than 1ms");
        }
    }

    private void validateNetworkMode(HostConfig host, NetworkingConfig networkingConfig) {
        String mode = host.networkMode() == null || host.networkMode().isEmpty() ? "default" : host.networkMode();
        if (mode.startsWith("container:")) {
            String other = mode.substring("container:".length());
            if (other.isEmpty()) {
                throw new InvalidArgumentException("invalid container format container:<name|id>");
            }
            index.resolve(other);
            return;
        }
        if ((mode.equals("host") || mode.equals("none") || mode.startsWith("container:"))
                && host.portBindings() != null && !host.portBindings().isEmpty()) {
            throw new InvalidArgumentException("conflicting options: port publishing and the container type network mode");
        }
        networking.validate(mode, networkingConfig);
    }

    /** Who uses which network: the network service asks through this. */
    public io.berth.engine.network.NetworkUsers networkUsers() {
        return networking;
    }

    private static void validatePorts(HostConfig host) {
        if (host.portBindings() == null) {
            return;
        }
        for (var entry : host.portBindings().entrySet()) {
            String[] parts = entry.getKey().split("/");
            try {
                int port = Integer.parseInt(parts[0]);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid port specification: \"" + entry.getKey() + "\"");
            }
            if (parts.length > 1 && !List.of("tcp", "udp", "sctp").contains(parts[1])) {
                throw new InvalidArgumentException("invalid proto: " + parts[1]);
            }
            for (PortBinding b : entry.getValue() == null ? List.<PortBinding>of() : entry.getValue()) {
                if (b.hostPort() != null && !b.hostPort().isEmpty() && !b.hostPort().matches("\\d{1,5}")) {
                    throw new InvalidArgumentException("invalid port specification: \"" + b.hostPort() + "\"");
                }
            }
        }
    }

    // --- start --------------------------------------------------------------------------------

    /** {@code POST /containers/{id}/start}: 304 when it already runs. */
    public void start(String ref) {
        var entry = index.resolve(ref);
        entry.lock.lock();
        try {
            switch (entry.container.runState()) {
                case RunState.Running _, RunState.Restarting _ ->
                        throw new NotModifiedException("container already started");
                case RunState.Paused _ -> throw new ConflictException(
                        "cannot start a paused container, try unpause instead");
                case RunState.Created _, RunState.Exited _ -> {
                    resetRestarts(entry); // a start by hand: the policy counts from zero again, as Docker's
                    doStart(entry);
                }
            }
        } catch (RuntimeException e) {
            if (!(e instanceof NotModifiedException) && Boolean.TRUE.equals(entry.container.hostConfig().autoRemove())
                    && !entry.container.runState().isRunning()) {
                removeQuietly(entry.container.id()); // as Docker: a --rm container that cannot start goes away
            }
            throw e;
        } finally {
            entry.lock.unlock();
        }
    }

    private void removeQuietly(String id) {
        try {
            remove(id, new RemoveOptions(true, true));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "auto-remove id={0}: {1}", id, e.getMessage());
        }
    }

    private void doStart(ContainerIndex.Entry entry) {
        Container c = entry.container;
        OciRuntime runtime = runtimes.get(c.runtime());
        runtime.expectCreate();
        Path dir = containerDir(c.id());
        String imageId = c.imageId();
        ImageRecord image = images.store().byId(imageId).orElseThrow(() -> NotFoundException.image(imageId));
        entry.runtimeCleanup.join(); // the runtime must have forgotten the previous run of this container
        var conmonLog = logs.beforeStart(c.id(), c.hostConfig().logConfig());
        clearRuntimeFiles(c);
        var endpoints = new LinkedHashMap<String, Container.Endpoint>();
        boolean connected = false;
        boolean created = false;
        boolean mounted = false;
        try {
            Path rootfs = layers.mount(c.id(), ImageStore.chainIds(image));
            String hostname = c.config().hostname();
            BundleSpec.NetworkNamespace netns;
            List<String> ownAddresses = new ArrayList<>();
            List<String> dnsServers = new ArrayList<>();
            String mode = c.networkMode();
            switch (mode) {
                case "none" -> netns = new BundleSpec.NetworkNamespace.Fresh();
                case "host" -> {
                    netns = new BundleSpec.NetworkNamespace.Host();
                    hostname = java.net.InetAddress.getLocalHost().getHostName();
                }
                default -> {
                    if (mode.startsWith("container:")) {
                        var other = index.resolve(mode.substring("container:".length())).container;
                        if (!(other.runState() instanceof RunState.Running running)) {
                            throw new ConflictException("cannot join network of a non running container: "
                                    + other.id());
                        }
                        netns = new BundleSpec.NetworkNamespace.Join(Path.of("/proc/" + running.pid() + "/ns/net"));
                        hostname = other.config().hostname();
                    } else {
                        var ports = portMappings(c);
                        var joined = networks.setup(c.id(), c.name(), networking.wanted(c), ports,
                                networking::addressesInUse);
                        connected = true;
                        for (var j : joined) {
                            endpoints.put(j.network().name(), ContainerNetworking.endpoint(j));
                            ownAddresses.add(j.ip());
                            if (j.ipv6() != null) {
                                ownAddresses.add(j.ipv6().ip());
                            }
                            dnsServers.addAll(j.dnsServers());
                        }
                        netns = new BundleSpec.NetworkNamespace.Join(networks.namespacePath(c.id()));
                        c = c.withNetwork(endpoints).withHostConfig(withAssignedPorts(c.hostConfig(), ports));
                    }
                }
            }
            writeEtcFiles(c, dir, hostname, ownAddresses, dnsServers, mode);
            var user = ProcessUser.resolve(rootfs, c.config().user(), c.hostConfig().groupAdd());
            ensureWorkingDir(rootfs, c.config().workingDir(), user);
            var prepared = mounts.prepare(c);
            mounted = true;
            var bundle = BundleBuilder.build(c, new BundleBuilder.Context(rootfs, dir, user, netns, hostname,
                    prepared.mounts(), prepared.rootfsPropagation()));
            var spec = SpecGenerator.generate(bundle);
            boolean openStdin = Boolean.TRUE.equals(c.config().openStdin());
            // an attach waiting for this start connects between the runtime's create and start, so it
            // misses no output; without one the runtime may start the container as it creates it
            boolean startAtOnce = runtime.startsOnCreate() && !hasPendingAttaches(entry);
            var createdProcess = runtime.create(new OciRuntime.CreateOptions(c.id(), c.shortId(), c.name(), spec, dir,
                    conmonLog, exitDir, socketDir, c.tty(), openStdin,
                    // as Docker: only a client of a StdinOnce container without a TTY closes its input
                    openStdin && (c.tty() || !Boolean.TRUE.equals(c.config().stdinOnce())), startAtOnce));
            created = true;
            if (!startAtOnce) {
                connectPendingAttaches(entry, c);
                runtime.start(c.id());
            }
            String startedAt = Timestamps.now();
            Container running = c.withRunState(new RunState.Running(createdProcess.pid(), startedAt))
                    .withManuallyStopped(false);
            index.save(entry, running);
            watchExit(entry);
            publish(c, "start", Map.of());
            startHealth(entry, false);
        } catch (RuntimeException | IOException e) {
            undoStart(entry, c, created, connected, endpoints);
            logs.runEnded(c.id());
            if (mounted) {
                mounts.afterExit(c);
            }
            failPendingAttaches(entry, e);
            throw startFailure(entry, e);
        }
    }

    private RuntimeException startFailure(ContainerIndex.Entry entry, Exception e) {
        Container c = entry.container;
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int code = 128;
        if (e instanceof RuntimeFailureException) {
            if (message.contains("executable file not found") || message.contains("no such file or directory")) {
                code = 127;
            } else if (message.contains("permission denied") || message.contains("is a directory")) {
                code = 126;
            }
        }
        RunState failed = switch (c.runState()) {
            case RunState.Exited exited -> new RunState.Exited(code, exited.startedAt(), Timestamps.now(), false, message);
            case RunState.Restarting restarting -> new RunState.Exited(code, restarting.startedAt(), Timestamps.now(),
                    false, message);
            default -> new RunState.Created(message, code);
        };
        try {
            index.save(entry, c.withRunState(failed));
        } catch (RuntimeException saveFailure) {
            LOG.log(System.Logger.Level.WARNING, "recording failed start id={0}: {1}", c.id(), saveFailure.getMessage());
        }
        if (e instanceof RuntimeFailureException) {
            return code == 128 ? new InternalException(message) : new InvalidArgumentException(message);
        }
        if (e instanceof RuntimeException re) {
            return re;
        }
        return new InternalException("starting container " + c.id() + ": " + message, e);
    }

    private void undoStart(ContainerIndex.Entry entry, Container c, boolean created, boolean connected,
                           Map<String, Container.Endpoint> endpoints) {
        OciRuntime runtime = runtimes.get(c.runtime());
        try {
            runtime.delete(c.id());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cleanup after failed start: runtime delete id={0}: {1}", c.id(),
                    e.getMessage());
        }
        if (connected) {
            disconnectNetworks(c.withNetwork(endpoints));
        }
        try {
            layers.unmount(c.id());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cleanup after failed start: unmount id={0}: {1}", c.id(), e.getMessage());
        }
        exits.clear(c.id());
        removeSocketLink(c);
    }

    private void writeEtcFiles(Container c, Path dir, String hostname, List<String> ownAddresses,
                               List<String> networkDns, String mode) {
        var host = c.hostConfig();
        EtcFiles.writeHostname(dir.resolve("hostname"), hostname);
        var extraHosts = new ArrayList<String>();
        for (String extra : orEmpty(host.extraHosts())) {
            // Docker's special value: the host as the default bridge's gateway sees it
            extraHosts.add(extra.endsWith(":host-gateway")
                    ? extra.substring(0, extra.length() - "host-gateway".length())
                            + networks.defaultBridge().subnets().getFirst().gateway()
                    : extra);
        }
        if (mode.equals("host")) {
            EtcFiles.copyHostHosts(dir.resolve("hosts"));
        } else {
            EtcFiles.writeHosts(dir.resolve("hosts"), ownAddresses, hostname, c.config().domainname(), extraHosts);
        }
        // on user-defined networks the resolver is aardvark-dns, which forwards other names to the daemon's
        // dns servers or else the host's; elsewhere the container uses the daemon's servers or the host's
        List<String> dns = !orEmpty(host.dns()).isEmpty() ? host.dns()
                : !networkDns.isEmpty() ? networkDns.stream().distinct().toList() : config.dns();
        EtcFiles.writeResolvConf(dir.resolve("resolv.conf"), dns,
                orEmpty(host.dnsSearch()).isEmpty() ? config.dnsSearch() : host.dnsSearch(),
                orEmpty(host.dnsOptions()).isEmpty() ? config.dnsOptions() : host.dnsOptions(), mode.equals("host"));
    }

    private static void ensureWorkingDir(Path rootfs, String workingDir, ProcessUser user) throws IOException {
        if (workingDir == null || workingDir.isEmpty() || workingDir.equals("/")) {
            return;
        }
        Path resolved = RootfsPaths.resolve(rootfs, workingDir);
        if (!Files.exists(resolved)) {
            Files.createDirectories(resolved);
            io.berth.common.linux.Linux.lchown(resolved.toString(), (int) user.uid(), (int) user.gid());
        }
    }

    /** The ports to publish; empty host ports (and {@code -P}) get a free port of the host. */
    private static List<PortMapping> portMappings(Container c) {
        var mappings = bindings(c.hostConfig(), true);
        if (Boolean.TRUE.equals(c.hostConfig().publishAllPorts()) && c.config().exposedPorts() != null) {
            for (String port : c.config().exposedPorts().keySet()) {
                String[] parts = ContainerViews.normalizePort(port).split("/");
                int containerPort = Integer.parseInt(parts[0]);
                boolean bound = mappings.stream().anyMatch(m -> m.containerPort() == containerPort
                        && m.protocol().equals(parts[1]));
                if (!bound) {
                    mappings.add(new PortMapping("", containerPort, freePort(), 1, parts[1]));
                }
            }
        }
        return mappings;
    }

    /**
     * The {@code PortBindings} of a HostConfig as netavark's mappings. At start, empty host ports
     * get a free port; after the start they are recorded, so teardown sees the same mappings.
     */
    private static List<PortMapping> bindings(HostConfig host, boolean chooseFreePorts) {
        var mappings = new ArrayList<PortMapping>();
        if (host.portBindings() == null) {
            return mappings;
        }
        for (var entry : host.portBindings().entrySet()) {
            String[] parts = ContainerViews.normalizePort(entry.getKey()).split("/");
            int containerPort = Integer.parseInt(parts[0]);
            for (PortBinding b : entry.getValue() == null ? List.<PortBinding>of() : entry.getValue()) {
                boolean empty = b.hostPort() == null || b.hostPort().isEmpty();
                if (empty && !chooseFreePorts) {
                    continue;
                }
                int hostPort = empty ? freePort() : Integer.parseInt(b.hostPort());
                mappings.add(new PortMapping(b.hostIp() == null ? "" : b.hostIp(), containerPort, hostPort, 1, parts[1]));
            }
        }
        return mappings;
    }

    /** The HostConfig with the host ports chosen for ephemeral bindings, so inspect shows them. */
    private static HostConfig withAssignedPorts(HostConfig host, List<PortMapping> mappings) {
        if (mappings.isEmpty()) {
            return host;
        }
        var bindings = new LinkedHashMap<String, List<PortBinding>>();
        for (PortMapping m : mappings) {
            bindings.computeIfAbsent(m.containerPort() + "/" + m.protocol(), _ -> new ArrayList<>())
                    .add(PortBinding.builder().hostIp(m.hostIp()).hostPort(Integer.toString(m.hostPort())).build());
        }
        return host.toBuilder().portBindings(bindings).build();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new InternalException("finding a free port", e);
        }
    }

    /** Tears the container's networks down (netavark) and releases its namespace. */
    private void disconnectNetworks(Container c) {
        try {
            networks.teardown(c.id(), networks.request(c.id(), c.name(), networking.joined(c),
                    bindings(c.hostConfig(), false)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network teardown id={0}: {1}", c.id(), e.getMessage());
            networks.forgetNamespace(c.id());
        }
    }

    private void clearRuntimeFiles(Container c) {
        Path dir = containerDir(c.id());
        for (String name : List.of("pid", "conmon.pid", "ctl", "winsz", "attach", "config.json")) {
            try {
                Files.deleteIfExists(dir.resolve(name));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "removing stale {0} of {1}: {2}", name, c.id(), e.getMessage());
            }
        }
        exits.clear(c.id());
        removeSocketLink(c);
    }

    private void removeSocketLink(Container c) {
        try {
            Files.deleteIfExists(socketDir.resolve(c.shortId()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "removing attach socket link of {0}: {1}", c.id(), e.getMessage());
        }
    }

    // --- exits --------------------------------------------------------------------------------

    private void watchExit(ContainerIndex.Entry entry) {
        String id = entry.container.id();
        long generation;
        synchronized (entry.changed) {
            generation = entry.exits;
        }
        exits.onExit(id, code -> onExit(entry, generation, code));
    }

    private void onExit(ContainerIndex.Entry entry, long generation, int exitCode) {
        boolean autoRemove;
        Container c;
        Optional<Duration> restartDelay;
        var cleanup = new CompletableFuture<Void>();
        Runnable unplug = () -> { };
        entry.lock.lock();
        try {
            synchronized (entry.changed) {
                if (entry.exits != generation || entry.removed) {
                    return;
                }
            }
            c = entry.container;
            if (!c.runState().isRunning()) {
                return;
            }
            entry.health.stop();
            String startedAt = c.runState() instanceof RunState.Running r ? r.startedAt()
                    : ((RunState.Paused) c.runState()).startedAt();
            String finishedAt = Timestamps.now();
            restartDelay = entry.restarts.shouldRestart(c.hostConfig().restartPolicy(), exitCode, c.manuallyStopped(),
                    Duration.between(Instant.parse(startedAt), Instant.parse(finishedAt)), c.restartCount());
            Container exited = restartDelay.isPresent()
                    ? c.withRunState(new RunState.Restarting(exitCode, startedAt, finishedAt))
                            .withRestartCount(c.restartCount() + 1).withNetwork(Map.of())
                    : c.withRunState(new RunState.Exited(exitCode, startedAt, finishedAt, false, ""))
                            .withNetwork(Map.of());
            if (ContainerNetworking.usesNetavark(c.networkMode())) {
                // its addresses stay taken until netavark has unplugged it (below, without the lock)
                var joined = networking.joined(c);
                var ports = bindings(c.hostConfig(), false);
                networks.holdUntilTornDown(c.id(), joined, ports);
                Container tornDown = c;
                unplug = () -> disconnectNetworks(tornDown);
            }
            index.save(entry, exited);
            logs.runEnded(c.id()); // before waiters answer, so a read right after shows the last output
            entry.runtimeCleanup = cleanup;
            pendingCleanups.add(cleanup);
            synchronized (entry.changed) {
                entry.exits++;
                entry.lastExitCode = exitCode;
                entry.changed.notifyAll(); // waiters answer now
            }
            unmountAfterExit(c);
            publish(c, "die", Map.of("exitCode", Integer.toString(exitCode)));
            mounts.afterExit(c); // after die, as dockerd's volume unmount events come
            autoRemove = Boolean.TRUE.equals(c.hostConfig().autoRemove());
        } finally {
            entry.lock.unlock();
        }
        // the runtime forgets the container and netavark unplugs it without the lock and off this
        // thread: only a new start of this same container waits for them (see doStart), and shutdown
        // (awaitCleanups); an auto-remove goes on meanwhile
        Container exitedRun = c;
        Runnable unplugAfter = unplug;
        Runnable forget = () -> {
            try {
                runtimes.get(exitedRun.runtime()).delete(exitedRun.id());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "runtime delete id={0}: {1}", exitedRun.id(), e.getMessage());
            }
            unplugAfter.run();
        };
        Thread.ofVirtual().name("cleanup-" + c.shortId()).start(runAndComplete(forget, cleanup));
        if (autoRemove) {
            removeQuietly(entry.container.id());
        }
        restartDelay.ifPresent(delay -> scheduleRestart(entry, delay));
    }

    // --- restart policies ---------------------------------------------------------------------

    /** Starts a restarting container again after {@code delay}, unless a stop, start or removal came first. */
    private void scheduleRestart(ContainerIndex.Entry entry, Duration delay) {
        long token;
        entry.lock.lock();
        try {
            token = ++entry.restartToken;
        } finally {
            entry.lock.unlock();
        }
        LOG.log(System.Logger.Level.DEBUG, "restarting id={0} in={1}ms", entry.container.id(), delay.toMillis());
        Thread.ofVirtual().name("restart-" + entry.container.shortId()).start(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            entry.lock.lock();
            try {
                if (entry.removed || entry.restartToken != token
                        || !(entry.container.runState() instanceof RunState.Restarting)) {
                    return;
                }
                doStart(entry);
            } catch (RuntimeException e) {
                // as Docker: a restart that fails leaves the container stopped (startFailure recorded why)
                LOG.log(System.Logger.Level.WARNING, "restart by policy failed id={0}: {1}", entry.container.id(),
                        e.getMessage());
            } finally {
                entry.lock.unlock();
            }
        });
    }

    /** A restart that was waiting is called off; the container is stopped for good. Under the container's lock. */
    private void cancelRestart(ContainerIndex.Entry entry, boolean manually) {
        entry.restartToken++;
        entry.restarts.cancel();
        Container c = entry.container;
        if (c.runState() instanceof RunState.Restarting r) {
            index.save(entry, c.withRunState(new RunState.Exited(r.exitCode(), r.startedAt(), r.finishedAt(), false, ""))
                    .withManuallyStopped(manually || c.manuallyStopped()));
        }
    }

    /** Before a start by hand: restarts allowed again, counted from zero. Under the container's lock. */
    private void resetRestarts(ContainerIndex.Entry entry) {
        entry.restartToken++;
        entry.restarts.reset();
        if (entry.container.restartCount() != 0) {
            index.save(entry, entry.container.withRestartCount(0));
        }
    }

    /**
     * At berthd's start: containers whose policy wants them running are started (Docker's
     * restore): {@code always} ones, {@code unless-stopped} ones not stopped by hand,
     * {@code on-failure} ones that failed and have retries left; and restarts that were waiting
     * when berthd went away are made now.
     */
    private void restartAtStartup() {
        int started = 0;
        for (var entry : index.all()) {
            Container c = entry.container;
            boolean wanted = switch (c.runState()) {
                case RunState.Restarting _ -> true;
                case RunState.Exited e -> new RestartManager().shouldRestart(c.hostConfig().restartPolicy(),
                        e.exitCode(), c.manuallyStopped(), Duration.ZERO, c.restartCount()).isPresent();
                default -> false;
            };
            if (!wanted) {
                continue;
            }
            started++;
            Thread.ofVirtual().name("restore-" + c.shortId()).start(() -> {
                entry.lock.lock();
                try {
                    if (entry.removed || entry.container.runState().isRunning()
                            || entry.container.runState() instanceof RunState.Created) {
                        return;
                    }
                    if (entry.container.runState() instanceof RunState.Exited) {
                        resetRestarts(entry);
                    }
                    doStart(entry);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "restart at start-up failed id={0}: {1}", entry.container.id(),
                            e.getMessage());
                } finally {
                    entry.lock.unlock();
                }
            });
        }
        if (started > 0) {
            LOG.log(System.Logger.Level.INFO, "restarting containers by their restart policy count={0}", started);
        }
    }

    private Runnable runAndComplete(Runnable work, CompletableFuture<Void> done) {
        return () -> {
            try {
                work.run();
            } finally {
                done.complete(null);
                pendingCleanups.remove(done);
            }
        };
    }

    /**
     * Waits (at shutdown) for the teardowns still running, so that none is cut off halfway; the
     * log pumps stop where they are (they go on from there at the next start).
     */
    public void awaitCleanups(Duration timeout) {
        logs.close();
        try {
            CompletableFuture.allOf(pendingCleanups.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "teardowns still running at shutdown: {0}", pendingCleanups.size());
        }
    }

    /** After the process is gone: unmount its root, drop its attach socket link. */
    private void unmountAfterExit(Container c) {
        try {
            layers.unmount(c.id());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unmount id={0}: {1}", c.id(), e.getMessage());
        }
        removeSocketLink(c);
    }

    // --- stop, kill, restart ------------------------------------------------------------------

    /** {@code POST /containers/{id}/stop}: the stop signal, then SIGKILL after the timeout. 304 when not running. */
    public void stop(String ref, StopOptions options) {
        var entry = index.resolve(ref);
        entry.lock.lock();
        try {
            Container c = entry.container;
            if (c.runState() instanceof RunState.Restarting) {
                cancelRestart(entry, true);
            } else {
                if (!c.runState().isRunning()) {
                    throw new NotModifiedException("container already stopped");
                }
                entry.restarts.cancel(); // a stop is not a failure: the policy does not bring it back
                index.save(entry, c.withManuallyStopped(true));
                stopAndWait(entry, options);
            }
        } finally {
            entry.lock.unlock();
        }
        publish(entry.container, "stop", Map.of());
    }

    private void stopAndWait(ContainerIndex.Entry entry, StopOptions options) {
        Container c = entry.container;
        String signal = options.signal().filter(s -> !s.isEmpty())
                .orElse(c.config().stopSignal() == null || c.config().stopSignal().isEmpty()
                        ? "SIGTERM" : c.config().stopSignal());
        int number = Signals.parse(signal);
        Duration timeout = options.timeout().orElse(c.config().stopTimeout() == null
                ? DEFAULT_STOP_TIMEOUT : Duration.ofSeconds(c.config().stopTimeout()));
        OciRuntime runtime = runtimes.get(c.runtime());
        long seen;
        synchronized (entry.changed) {
            seen = entry.exits;
        }
        if (c.runState() instanceof RunState.Paused) {
            runtime.resume(c.id());
        }
        boolean exited = false;
        if (timeout.isNegative() || !timeout.isZero()) {
            runtime.kill(c.id(), Integer.toString(number));
            exited = timeout.isNegative() ? awaitExit(entry, seen, Duration.ofDays(3650)) : awaitExit(entry, seen, timeout);
        }
        if (!exited) {
            runtime.kill(c.id(), "9");
            if (!awaitExit(entry, seen, KILL_WAIT)) {
                throw new InternalException("container " + c.id() + " did not exit after SIGKILL");
            }
        }
    }

    /**
     * Waits until the exit with generation {@code seen} was recorded. The caller holds the
     * container lock; the exit handler needs it, so the wait releases it meanwhile.
     */
    private boolean awaitExit(ContainerIndex.Entry entry, long seen, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int holds = 0;
        while (entry.lock.isHeldByCurrentThread()) {
            entry.lock.unlock();
            holds++;
        }
        try {
            synchronized (entry.changed) {
                while (entry.exits == seen && !entry.removed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    entry.changed.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while waiting for container " + entry.container.id());
        } finally {
            for (int i = 0; i < holds; i++) {
                entry.lock.lock();
            }
        }
    }

    /** {@code POST /containers/{id}/kill}: 409 when it does not run. */
    public void kill(String ref, Optional<String> signal) {
        kill(ref, signal, true);
    }

    /**
     * Sends a signal. {@code byUser}: as Docker, a kill by hand counts as a manual stop, and the
     * stop signal (or SIGKILL, or any signal when no stop signal is set) calls off the restart policy.
     */
    void kill(String ref, Optional<String> signal, boolean byUser) {
        var entry = index.resolve(ref);
        Container c = entry.container;
        int number = Signals.parse(signal.filter(s -> !s.isEmpty()).orElse("SIGKILL"));
        if (byUser) {
            entry.lock.lock();
            try {
                c = entry.container;
                if (c.runState() instanceof RunState.Restarting) {
                    cancelRestart(entry, true);
                    publish(entry.container, "kill", Map.of("signal", Integer.toString(number)));
                    return;
                }
                if (c.runState().isRunning()) {
                    String stopSignal = c.config().stopSignal();
                    if (stopSignal == null || stopSignal.isEmpty() || number == 9 || Signals.parse(stopSignal) == number) {
                        entry.restarts.cancel();
                    }
                    if (!c.manuallyStopped()) {
                        index.save(entry, c.withManuallyStopped(true));
                    }
                }
            } finally {
                entry.lock.unlock();
            }
        }
        if (!c.runState().isRunning()) {
            throw new ConflictException("Cannot kill container: " + ref + ": Container " + c.id() + " is not running");
        }
        if (!runtimes.get(c.runtime()).kill(c.id(), Integer.toString(number))) {
            throw new ConflictException("Cannot kill container: " + ref + ": Container " + c.id() + " is not running");
        }
        publish(c, "kill", Map.of("signal", Integer.toString(number)));
    }

    /** {@code POST /containers/{id}/restart}. */
    public void restart(String ref, StopOptions options) {
        var entry = index.resolve(ref);
        entry.lock.lock();
        try {
            if (entry.container.runState().isRunning()) {
                entry.restarts.cancel();
                stopAndWait(entry, options);
            }
            resetRestarts(entry);
            doStart(entry);
        } finally {
            entry.lock.unlock();
        }
        publish(entry.container, "restart", Map.of());
    }

    // --- pause, unpause, update, top ----------------------------------------------------------

    /** {@code POST /containers/{id}/pause}: freezes its processes (the cgroup freezer, through the runtime). */
    public void pause(String ref) {
        var entry = index.resolve(ref);
        entry.lock.lock();
        try {
            Container c = entry.container;
            switch (c.runState()) {
                case RunState.Running r -> {
                    runtimes.get(c.runtime()).pause(c.id());
                    entry.health.stop(); // no probes into frozen processes, as Docker
                    index.save(entry, c.withRunState(new RunState.Paused(r.pid(), r.startedAt())));
                }
                case RunState.Paused _ -> throw new ConflictException("Container " + c.id() + " is already paused");
                case RunState.Restarting _ -> throw new ConflictException("Container " + c.id()
                        + " is restarting, wait until the container is running");
                case RunState.Created _, RunState.Exited _ -> throw new ConflictException("Container " + c.id()
                        + " is not running");
            }
        } finally {
            entry.lock.unlock();
        }
        publish(entry.container, "pause", Map.of());
    }

    /** {@code POST /containers/{id}/unpause}. */
    public void unpause(String ref) {
        var entry = index.resolve(ref);
        entry.lock.lock();
        try {
            Container c = entry.container;
            if (!(c.runState() instanceof RunState.Paused p)) {
                throw new ConflictException("Container " + c.id() + " is not paused");
            }
            runtimes.get(c.runtime()).resume(c.id());
            index.save(entry, c.withRunState(new RunState.Running(p.pid(), p.startedAt())));
            startHealth(entry, true);
        } finally {
            entry.lock.unlock();
        }
        publish(entry.container, "unpause", Map.of());
    }

    /**
     * {@code POST /containers/{id}/update}: new resource limits (zero or absent: unchanged, as in
     * Docker) and restart policy, recorded and, for a running container, applied to its cgroups at
     * once. Returns Docker's warnings.
     */
    public List<String> update(String ref, HostConfig changes) {
        var entry = index.resolve(ref);
        entry.lock.lock();
        try {
            Container c = entry.container;
            var warnings = new ArrayList<String>();
            HostConfig updated;
            try {
                updated = ContainerUpdates.apply(c.hostConfig(), changes);
            } catch (ConflictException e) {
                throw new ConflictException("Cannot update container " + c.id() + ": " + e.getMessage());
            }
            BundleBuilder.validate(updated, Runtime.getRuntime().availableProcessors());
            if (changes.restartPolicy() != null && changes.restartPolicy().name() != null
                    && !changes.restartPolicy().name().isEmpty()) {
                RestartManager.validate(changes.restartPolicy(), false);
            }
            if (c.runState().isRunning()) {
                var live = ContainerUpdates.liveResources(c.hostConfig(), updated, warnings);
                if (live.isPresent()) {
                    try {
                        runtimes.get(c.runtime()).update(c.id(), live.get(), containerDir(c.id()).resolve("update.json"));
                    } catch (InternalException e) {
                        throw new InternalException("Cannot update container " + c.id() + ": " + e.getMessage(), e);
                    }
                }
            }
            index.save(entry, c.withHostConfig(updated));
            publish(entry.container, "update", Map.of());
            return warnings;
        } finally {
            entry.lock.unlock();
        }
    }

    /** {@code GET /containers/{id}/top}: the host's {@code ps} with {@code psArgs}, kept to the container's processes. */
    public io.berth.api.model.ContainerTopResponse top(String ref, String psArgs) {
        Container c = index.resolve(ref).container;
        switch (c.runState()) {
            case RunState.Running _, RunState.Paused _ -> { }
            case RunState.Restarting _ -> throw new ConflictException("Container " + c.id()
                    + " is restarting, wait until the container is running");
            case RunState.Created _, RunState.Exited _ -> throw new ConflictException("Container " + c.id()
                    + " is not running");
        }
        return ProcessTable.top(psArgs, runtimes.get(c.runtime()).pids(c.id()));
    }

    // --- health ---------------------------------------------------------------------------------

    /** How health probes run (exec sessions in the container); set once by berthd's composition root. */
    public void setProber(HealthMonitor.Prober prober) {
        this.prober = prober;
    }

    /** {@code State.Health}: for a container with a health check that has been started. */
    private Optional<io.berth.api.model.Health> health(Container c) {
        if (HealthMonitor.command(c).isEmpty() || c.runState() instanceof RunState.Created) {
            return Optional.empty();
        }
        return index.find(c.id()).map(e -> e.health.view());
    }

    /** Begins probing a running container (a new run: {@code starting}; after an unpause: where it was). */
    private void startHealth(ContainerIndex.Entry entry, boolean resume) {
        HealthMonitor.Prober current = prober;
        if (current == null) {
            return;
        }
        Container c = entry.container;
        if (resume) {
            entry.health.resume(c, current, status -> healthChanged(entry, status));
        } else {
            entry.health.start(c, current, status -> healthChanged(entry, status));
        }
    }

    /**
     * A health status change: Docker's {@code health_status: <status>} event; and, once unhealthy,
     * Podman's {@code --health-on-failure} action (annotation {@code io.berth.health-on-failure}):
     * {@code kill} (SIGKILL; the restart policy may bring it back), {@code restart}, {@code stop}.
     */
    private void healthChanged(ContainerIndex.Entry entry, String status) {
        Container c = entry.container;
        publish(c, "health_status: " + status, Map.of());
        if (!status.equals(HealthMonitor.UNHEALTHY)) {
            return;
        }
        String action = c.hostConfig().annotations() == null ? "none"
                : c.hostConfig().annotations().getOrDefault(HEALTH_ON_FAILURE, "none");
        if (action.equals("none")) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "unhealthy container id={0} action={1}", c.id(), action);
        // on a thread of its own: the action stops this container's health monitor, whose thread calls us
        Thread.ofVirtual().name("health-action-" + c.shortId()).start(() -> {
            try {
                switch (action) {
                    case "kill" -> kill(c.id(), Optional.of("SIGKILL"), false);
                    case "restart" -> restart(c.id(), new StopOptions(Optional.empty(), Optional.empty()));
                    case "stop" -> stop(c.id(), new StopOptions(Optional.empty(), Optional.empty()));
                    default -> LOG.log(System.Logger.Level.WARNING, "unknown health-on-failure action {0} id={1}",
                            action, c.id());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "health-on-failure {0} id={1}: {2}", action, c.id(), e.getMessage());
            }
        });
    }

    // --- wait ---------------------------------------------------------------------------------

    /** A registered wait: created when the request arrives, so that an exit right after is not missed. */
    public final class Waiter {
        private final ContainerIndex.Entry entry;
        private final WaitCondition condition;
        private final long seen;

        private Waiter(ContainerIndex.Entry entry, WaitCondition condition) {
            this.entry = entry;
            this.condition = condition;
            synchronized (entry.changed) {
                this.seen = entry.exits;
            }
        }

        /** Blocks until the condition holds; returns Docker's wait response. */
        public ContainerWaitResponse await() throws InterruptedException {
            synchronized (entry.changed) {
                while (true) {
                    boolean done = switch (condition) {
                        case NOT_RUNNING -> !entry.container.runState().isRunning() || entry.removed;
                        case NEXT_EXIT -> entry.exits != seen || entry.removed;
                        case REMOVED -> entry.removed;
                    };
                    if (done) {
                        return ContainerWaitResponse.builder().statusCode((long) exitCode(entry)).error(null).build();
                    }
                    entry.changed.wait();
                }
            }
        }
    }

    private static int exitCode(ContainerIndex.Entry entry) {
        return switch (entry.container.runState()) {
            case RunState.Exited e -> e.exitCode();
            case RunState.Restarting r -> r.exitCode();
            case RunState.Created created -> created.exitCode();
            default -> entry.lastExitCode;
        };
    }

    public Waiter waiter(String ref, WaitCondition condition) {
        return new Waiter(index.resolve(ref), condition);
    }

    // --- remove -------------------------------------------------------------------------------

    /** {@code DELETE /containers/{id}}: 409 for a running container unless forced. */
    public void remove(String ref, RemoveOptions options) {
        var entry = index.resolve(ref);
        entry.lock.lock();
        try {
            if (entry.removed) {
                throw NotFoundException.container(ref);
            }
            Container c = entry.container;
            if (c.runState() instanceof RunState.Restarting) {
                if (!options.force()) {
                    throw new ConflictException("cannot remove container \"/" + c.name() + "\": container is restarting: "
                            + "stop the container before removing or force remove");
                }
                cancelRestart(entry, true);
                c = entry.container;
            }
            if (c.runState().isRunning()) {
                if (!options.force()) {
                    String verb = c.runState() instanceof RunState.Paused ? "paused" : "running";
                    throw new ConflictException("cannot remove container \"/" + c.name() + "\": container is " + verb
                            + ": stop the container before removing or force remove");
                }
                entry.restarts.cancel();
                stopAndWait(entry, new StopOptions(Optional.of(Duration.ZERO), Optional.empty()));
                c = entry.container;
            }
            // the exit (or the failed start) released the runtime and the network, or is releasing them
            removeSocketLink(c);
            String id = c.id(); // its namespace goes once netavark has unplugged it (now, if that is done)
            entry.runtimeCleanup.thenRun(() -> networks.forgetNamespace(id));
            // the writable layer and the container's directory go at once (a rename each); their files are deleted meanwhile
            layers.unmount(c.id());
            trash.discard(layers.containerDir(c.id()));
            mounts.remove(c, options.removeVolumes());
            exits.cancel(c.id());
            exits.clear(c.id());
            logs.forget(c.id());
            trash.discard(containerDir(c.id()));
            index.remove(entry);
            synchronized (entry.changed) {
                entry.removed = true;
                entry.changed.notifyAll();
            }
            failPendingAttaches(entry, NotFoundException.container(ref));
        } finally {
            entry.lock.unlock();
        }
        publish(entry.container, "destroy", Map.of());
    }

    /** The filters {@code POST /containers/prune} takes. */
    public static final java.util.Set<String> PRUNE_FILTERS = java.util.Set.of("until", "label", "label!");

    private final io.berth.engine.PruneLock pruning = new io.berth.engine.PruneLock();

    /** One prune at a time, as Docker: a second one meanwhile is a 409. */
    public io.berth.api.model.ContainerPruneResponse prune(Map<String, List<String>> rawFilters) {
        return pruning.run(() -> pruneLocked(rawFilters));
    }

    /**
     * {@code POST /containers/prune}: removes the containers that are not running, paused or
     * restarting and match the filters ({@code until}: created before; {@code label}, {@code label!});
     * each removal emits its {@code destroy}, then one {@code prune} event carries the space reclaimed
     * (the writable layers' sizes), as Docker does.
     */
    private io.berth.api.model.ContainerPruneResponse pruneLocked(Map<String, List<String>> rawFilters) {
        var filters = io.berth.engine.PruneFilters.parse(rawFilters, PRUNE_FILTERS);
        var deleted = new ArrayList<String>();
        long reclaimed = 0;
        for (var entry : index.all()) {
            Container c = entry.container;
            if (c.runState().shownAsRunning()) {
                continue;
            }
            Optional<Instant> created;
            try {
                created = Optional.of(Instant.parse(c.created()));
            } catch (RuntimeException e) {
                created = Optional.empty();
            }
            if (!filters.createdBefore(created) || !filters.labelsMatch(c.config().labels())) {
                continue;
            }
            long size = layers.containerLayerSize(c.id());
            try {
                remove(c.id(), new RemoveOptions(false, false));
            } catch (ConflictException | NotFoundException e) {
                continue; // started or removed meanwhile
            }
            deleted.add(c.id());
            reclaimed += size;
        }
        events.publish("container", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new io.berth.api.model.ContainerPruneResponse(deleted.isEmpty() ? null : deleted, reclaimed);
    }

    // --- networks -------------------------------------------------------------------------------

    /** {@code POST /networks/{id}/connect}: live for a running container, recorded for the next start otherwise. */
    public void connect(String networkRef, String containerRef, io.berth.api.model.EndpointSettings settings) {
        var network = networks.resolve(networkRef);
        var entry = index.resolve(containerRef);
        entry.lock.lock();
        try {
            Container c = entry.container;
            if (!ContainerNetworking.usesNetavark(c.networkMode())) {
                throw new io.berth.common.ForbiddenException("container sharing network namespace with another "
                        + "container or host cannot be connected to any other network");
            }
            var primaryNetwork = networks.resolve(ContainerNetworking.primaryName(c.networkMode()));
            boolean primary = primaryNetwork.id().equals(network.id());
            if (!c.runState().isRunning() && ContainerNetworking.configured(c.networkingConfig(), network,
                    primary ? primaryNetwork : null)) {
                return; // as dockerd: a stopped container already set up for the network keeps its config
            }
            if (c.runState().isRunning() && (primary || c.network().containsKey(network.name()))) {
                throw new io.berth.common.ForbiddenException("endpoint with name " + c.name()
                        + " already exists in network " + network.name());
            }
            var endpoint = settings == null ? io.berth.api.model.EndpointSettings.builder().build() : settings;
            var updated = c.withNetworkingConfig(ContainerNetworking.withEndpoint(c.networkingConfig(), network.name(),
                    endpoint));
            networking.validate(c.networkMode(), updated.networkingConfig());
            if (c.runState().isRunning()) {
                var wanted = ContainerNetworking.wanted(c, network, endpoint);
                var joined = networks.connect(c.id(), c.name(), wanted, ContainerNetworking.nextInterface(c),
                        networking::addressesInUse);
                var endpoints = new LinkedHashMap<>(c.network());
                endpoints.put(network.name(), ContainerNetworking.endpoint(joined));
                updated = updated.withNetwork(endpoints);
                refreshResolvConf(updated);
            }
            index.save(entry, updated);
        } finally {
            entry.lock.unlock();
        }
    }

    /** {@code POST /networks/{id}/disconnect}. */
    public void disconnect(String networkRef, String containerRef, boolean force) {
        var network = networks.resolve(networkRef);
        var entry = index.resolve(containerRef);
        entry.lock.lock();
        try {
            Container c = entry.container;
            var endpoint = c.network().get(network.name());
            var configured = c.networkingConfig() != null && c.networkingConfig().endpointsConfig() != null
                    && c.networkingConfig().endpointsConfig().containsKey(network.name());
            boolean primary = ContainerNetworking.usesNetavark(c.networkMode()) && networks.resolve(
                    ContainerNetworking.primaryName(c.networkMode())).id().equals(network.id());
            if (endpoint == null && !configured && primary && !c.runState().isRunning()) {
                return; // shown as set up for its network mode's network, with nothing recorded to forget
            }
            if (endpoint == null && !configured) {
                throw new InvalidArgumentException("container " + c.id() + " is not connected to network "
                        + network.name());
            }
            Container updated = c;
            if (configured) {
                updated = updated.withNetworkingConfig(ContainerNetworking.withEndpoint(c.networkingConfig(),
                        network.name(), null));
            }
            if (endpoint != null) {
                var joined = networking.joined(c).stream().filter(j -> j.network().id().equals(network.id())).toList();
                try {
                    networks.disconnect(c.id(), networks.request(c.id(), c.name(), joined, List.of()));
                } catch (RuntimeException e) {
                    if (!force) {
                        throw e;
                    }
                    LOG.log(System.Logger.Level.WARNING, "forced disconnect id={0}: {1}", c.id(), e.getMessage());
                }
                var endpoints = new LinkedHashMap<>(c.network());
                endpoints.remove(network.name());
                updated = updated.withNetwork(endpoints);
                refreshResolvConf(updated);
            }
            index.save(entry, updated);
        } finally {
            entry.lock.unlock();
        }
    }

    /**
     * A running container's resolv.conf after it joined or left a network with name DNS: the
     * resolvers of the networks it is on now (aardvark-dns), else the daemon's or the host's; as
     * Docker switches a container to its embedded DNS when it connects to a user network. The
     * file is rewritten in place: the container sees it through a bind mount of that inode.
     */
    private void refreshResolvConf(Container c) {
        var host = c.hostConfig();
        if (!orEmpty(host.dns()).isEmpty() || !ContainerNetworking.usesNetavark(c.networkMode())) {
            return;
        }
        var servers = c.network().values().stream().flatMap(e -> e.dnsServers().stream()).distinct().toList();
        Path file = containerDir(c.id()).resolve("resolv.conf");
        Path next = file.resolveSibling("resolv.conf.next");
        try {
            EtcFiles.writeResolvConf(next, servers.isEmpty() ? config.dns() : servers,
                    orEmpty(host.dnsSearch()).isEmpty() ? config.dnsSearch() : host.dnsSearch(),
                    orEmpty(host.dnsOptions()).isEmpty() ? config.dnsOptions() : host.dnsOptions(), false);
            Files.write(file, Files.readAllBytes(next));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "rewriting resolv.conf id={0}: {1}", c.id(), e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(next);
            } catch (IOException ignored) {
                // a leftover is rewritten next time
            }
        }
    }

    // --- rename, resize -----------------------------------------------------------------------

    public void rename(String ref, String newName) {
        String name = ContainerIndex.validateName(newName);
        var entry = index.resolve(ref);
        entry.lock.lock();
        try {
            String old = entry.container.name();
            if (old.equals(name)) {
                throw new ConflictException("Renaming a container with the same name as its current name");
            }
            index.save(entry, entry.container.withName(name));
            publish(entry.container.withName(name), "rename", Map.of("oldName", "/" + old));
        } finally {
            entry.lock.unlock();
        }
    }

    public void resize(String ref, int height, int width) {
        var entry = index.resolve(ref);
        if (!entry.container.runState().isRunning()) {
            throw new ConflictException("Container " + entry.container.id() + " is not running");
        }
        if (entry.container.tty()) {
            ControlFifo.resize(containerDir(entry.container.id()), height, width);
        }
    }

    // --- inspect, list ------------------------------------------------------------------------

    public Container get(String ref) {
        return index.resolve(ref).container;
    }

    public ContainerInspectResponse inspect(String ref, boolean size) {
        Container c = index.resolve(ref).container;
        Long sizeRw = null;
        Long sizeRootFs = null;
        if (size) {
            sizeRw = layers.containerLayerSize(c.id());
            sizeRootFs = sizeRw + images.store().byId(c.imageId()).map(ImageRecord::size).orElse(0L);
        }
        var view = ContainerViews.inspect(c, containerDir(c.id()), graphData(c), sizeRw, sizeRootFs, mounts.views(c))
                .toBuilder().logPath(logs.logPath(c.id(), c.hostConfig().logConfig(),
                        !(c.runState() instanceof RunState.Created))).build();
        var shown = withNetworkIds(view);
        return health(c).map(h -> shown.toBuilder().state(shown.state().toBuilder().health(h).build()).build())
                .orElse(shown);
    }

    /** The IDs of the networks a container that is not running is set up for, as dockerd shows them. */
    private ContainerInspectResponse withNetworkIds(ContainerInspectResponse view) {
        var settings = view.networkSettings();
        if (settings == null || settings.networks() == null) {
            return view;
        }
        var networks = new LinkedHashMap<String, io.berth.api.model.EndpointSettings>();
        settings.networks().forEach((name, e) -> networks.put(name, e.networkID() != null && !e.networkID().isEmpty() ? e
                : this.networks.find(name).map(n -> e.toBuilder().networkID(n.id()).build()).orElse(e)));
        return view.toBuilder().networkSettings(settings.toBuilder().networks(networks).build()).build();
    }

    private Map<String, String> graphData(Container c) {
        var data = new LinkedHashMap<String, String>();
        images.store().byId(c.imageId()).ifPresent(image -> {
            var lower = new ArrayList<String>();
            for (int i = image.layers().size() - 1; i >= 0; i--) {
                lower.add(layers.diffDir(Digest.parse(image.layers().get(i).chainId())).toString());
            }
            data.put("LowerDir", String.join(":", lower));
        });
        Path dir = layers.containerDir(c.id());
        data.put("MergedDir", dir.resolve("merged").toString());
        data.put("UpperDir", dir.resolve("diff").toString());
        data.put("WorkDir", dir.resolve("work").toString());
        return data;
    }

    public List<ContainerSummary> list(ContainerListOptions options) {
        var filters = ContainerFilters.parse(options.filters(), ref -> images.store().find(ref),
                ref -> index.find(ref).map(e -> e.container));
        boolean all = options.all() || options.limit().isPresent() || filters.impliesAll();
        var out = new ArrayList<ContainerSummary>();
        Instant now = Instant.now();
        for (var entry : index.all()) {
            Container c = entry.container;
            if (!all && !c.runState().shownAsRunning()) {
                continue;
            }
            if (!filters.matches(c)) {
                continue;
            }
            Long sizeRw = null;
            Long sizeRootFs = null;
            if (options.size()) {
                sizeRw = layers.containerLayerSize(c.id());
                sizeRootFs = sizeRw + images.store().byId(c.imageId()).map(ImageRecord::size).orElse(0L);
            }
            var summary = ContainerViews.summary(c, now, sizeRw, sizeRootFs, mounts.views(c));
            if (c.runState() instanceof RunState.Running && health(c).isPresent()) {
                // Docker's "Up 5 minutes (healthy)", "(health: starting)"
                String status = entry.health.status();
                summary = summary.toBuilder().status(summary.status() + " ("
                        + (status.equals(HealthMonitor.STARTING) ? "health: starting" : status) + ")").build();
            }
            out.add(summary);
            if (options.limit().isPresent() && out.size() >= options.limit().getAsInt()) {
                break;
            }
        }
        return out;
    }

    /** Counts for {@code /info}: all, running, paused, stopped. */
    public int[] counts() {
        int running = 0;
        int paused = 0;
        int stopped = 0;
        for (var entry : index.all()) {
            switch (entry.container.runState()) {
                case RunState.Running _ -> running++;
                case RunState.Paused _ -> paused++;
                default -> stopped++;
            }
        }
        return new int[] {running + paused + stopped, running, paused, stopped};
    }

    @Override
    public List<User> usersOf(String imageId) {
        var users = new ArrayList<User>();
        for (var entry : index.all()) {
            if (entry.container.imageId().equals(imageId)) {
                users.add(new User(entry.container.id(), entry.container.runState().isRunning()));
            }
        }
        return users;
    }

    // --- logs, attach -------------------------------------------------------------------------

    /** {@code GET /containers/{id}/logs}: writes the selected records to the sink; follows while the container runs. */
    public void logs(String ref, LogsOptions options, OutputSink sink) throws IOException, InterruptedException {
        openLogs(ref, options).writeTo(sink);
    }

    /** A checked read of the container's log, to be written once the response starts (501 for driver none). */
    public LogStream openLogs(String ref, LogsOptions options) {
        var entry = index.resolve(ref);
        Container c = entry.container;
        return logs.open(c.id(), c.hostConfig().logConfig(), options,
                () -> !entry.removed && entry.container.runState().isRunning());
    }

    /** The daemon's log driver ({@code /info}'s {@code LoggingDriver}). */
    public String defaultLogDriver() {
        return logs.defaultDriver();
    }

    /** A container's log files on disk, oldest first (json-file and local). */
    public List<Path> logFiles(String ref) {
        Container c = index.resolve(ref).container;
        return logs.files(c.id(), c.hostConfig().logConfig());
    }

    /**
     * Prepares an attach before the connection is hijacked: the container must exist; one that is
     * not running (created, or exited without {@code logs}) gets a pending attach now, so that a
     * start requested right after the client sees the upgrade loses no output.
     */
    public Attachment prepareAttach(String ref, AttachOptions options) throws InterruptedException {
        var entry = index.resolve(ref);
        detachKeys(options); // Docker's 400 for keys it cannot read, before anything is hijacked
        Container c = entry.container;
        // dockerd's refusals (the docker CLI has its own wording, and refuses stopped containers too)
        switch (c.runState()) {
            case RunState.Paused _ -> throw new ConflictException(
                    "container " + ref + " is paused, unpause the container before attach");
            case RunState.Restarting _ -> throw new ConflictException(
                    "container " + ref + " is restarting, wait until the container is running");
            default -> { }
        }
        PendingAttach pending = null;
        AttachSocket socket = null;
        if (options.stream()) {
            entry.lock.lock();
            try {
                switch (entry.container.runState()) {
                    case RunState.Running _ -> socket = AttachSocket.connect(socketDir, c.shortId());
                    case RunState.Created _ -> {
                        pending = new PendingAttach();
                        synchronized (entry.pendingAttaches) {
                            entry.pendingAttaches.add(pending);
                        }
                    }
                    // as dockerd (the refusal is the docker CLI's): a stopped container's streams come when
                    // it starts again, which is how docker start -a attaches before it starts
                    case RunState.Exited _ -> {
                        if (!options.logs()) {
                            pending = new PendingAttach();
                            synchronized (entry.pendingAttaches) {
                                entry.pendingAttaches.add(pending);
                            }
                        }
                    }
                    case RunState.Paused _, RunState.Restarting _ -> throw new ConflictException(
                            "container " + ref + " is " + (entry.container.runState() instanceof RunState.Paused
                                    ? "paused, unpause the container before attach"
                                    : "restarting, wait until the container is running"));
                }
            } finally {
                entry.lock.unlock();
            }
        }
        publish(c, "attach", Map.of()); // as dockerd, for each attach (a replay of the logs only as well)
        return new Attachment(entry, c, options, pending, socket);
    }

    /** A prepared attach; {@link #run} copies the streams until the container's output ends. */
    public final class Attachment {
        private final ContainerIndex.Entry entry;
        private final Container container;
        private final AttachOptions options;
        private final PendingAttach pending;
        private final AttachSocket socket;

        private Attachment(ContainerIndex.Entry entry, Container container, AttachOptions options,
                           PendingAttach pending, AttachSocket socket) {
            this.entry = entry;
            this.container = container;
            this.options = options;
            this.pending = pending;
            this.socket = socket;
        }

        public boolean tty() {
            return container.tty();
        }

        public void run(InputStream stdin, OutputSink out) throws IOException, InterruptedException {
            if (options.logs() && !container.hostConfig().logConfig().type().equals("none")) {
                logs.open(container.id(), container.hostConfig().logConfig(),
                        new LogsOptions(options.stdout(), options.stderr(), false, Optional.empty(), Optional.empty(),
                                java.util.OptionalInt.empty(), false), () -> false).writeTo(out);
            }
            AttachSocket connected = socket;
            if (pending != null) {
                try {
                    connected = pending.socket.get();
                } catch (ExecutionException e) {
                    return; // the start failed or the container went away: nothing to attach to
                }
            }
            if (connected != null) {
                // as Docker: with a terminal, the detach keys (ctrl-p ctrl-q unless the client names others) let go
                byte[] keys = container.tty() && options.stdin() ? detachKeys(options) : null;
                // as moby: the end of the client's input ends the session unless it closes a StdinOnce
                // container's stdin (no TTY); the process runs on
                boolean inputEndLetsGo = options.stdin()
                        && (container.tty() || !Boolean.TRUE.equals(container.config().stdinOnce()));
                if (new AttachSession(connected, options, stdin, out, keys, inputEndLetsGo).run()
                        && !entry.removed && entry.container.runState().isRunning()) {
                    publish(entry.container, "detach", Map.of());
                }
            }
        }
    }

    private static byte[] detachKeys(AttachOptions options) {
        String keys = options.detachKeys().orElse("");
        if (keys.isEmpty()) {
            return DetachKeys.DEFAULT;
        }
        try {
            return DetachKeys.parse(keys);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("Invalid detach keys (" + keys + ") provided");
        }
    }

    /** Under the container's lock, which an attach takes to become pending. */
    private static boolean hasPendingAttaches(ContainerIndex.Entry entry) {
        synchronized (entry.pendingAttaches) {
            return !entry.pendingAttaches.isEmpty();
        }
    }

    private void connectPendingAttaches(ContainerIndex.Entry entry, Container c) {
        synchronized (entry.pendingAttaches) {
            for (PendingAttach pending : entry.pendingAttaches) {
                try {
                    pending.socket.complete(AttachSocket.connect(socketDir, c.shortId()));
                } catch (RuntimeException e) {
                    pending.socket.completeExceptionally(e);
                }
            }
            entry.pendingAttaches.clear();
        }
    }

    private static void failPendingAttaches(ContainerIndex.Entry entry, Exception cause) {
        synchronized (entry.pendingAttaches) {
            for (PendingAttach pending : entry.pendingAttaches) {
                pending.socket.completeExceptionally(cause);
            }
            entry.pendingAttaches.clear();
        }
    }

    // --- start-up -----------------------------------------------------------------------------

    /**
     * Live restore: containers recorded as running are checked against their exit files and
     * monitors. Those still running are watched again; those that exited while berthd was away get
     * their exit code and are cleaned up.
     */
    public void reconcile() {
        int running = 0;
        int exited = 0;
        for (var entry : index.all()) {
            Container c = entry.container;
            logs.resume(c.id(), c.hostConfig().logConfig(), c.runState().isRunning());
            if (!c.runState().isRunning()) {
                continue;
            }
            var code = exits.exitCode(c.id());
            LOG.log(System.Logger.Level.DEBUG, "reconciling id={0} exit={1} monitor={2}", c.id(), code, monitorAlive(c));
            if (code.isEmpty() && monitorAlive(c)) {
                watchExit(entry);
                if (c.runState() instanceof RunState.Running) {
                    startHealth(entry, false);
                }
                running++;
                continue;
            }
            // it exited while berthd was away (or its monitor died): record it before serving anything
            long generation;
            synchronized (entry.changed) {
                generation = entry.exits;
            }
            onExit(entry, generation, code.orElse(255));
            exited++;
        }
        LOG.log(System.Logger.Level.INFO, "reconciled containers running={0} exited={1}", running, exited);
        restartAtStartup();
    }

    private boolean monitorAlive(Container c) {
        Path pidFile = containerDir(c.id()).resolve("conmon.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private Path containerDir(String id) {
        return config.containersDir().resolve(id);
    }

    // --- for ContainerFiles (cp, export, diff, commit) -------------------------------------------

    ContainerIndex.Entry entry(String ref) {
        return index.resolve(ref);
    }

    OciRuntime runtimeOf(Container c) {
        return runtimes.get(c.runtime());
    }

    Path bundleDir(String id) {
        return containerDir(id);
    }

    void publishEvent(Container c, String action, Map<String, String> extra) {
        publish(c, action, extra);
    }

    /** A container event, carrying its labels, image and name as Docker's do. */
    private void publish(Container c, String action, Map<String, String> extra) {
        events.publish("container", action, c.id(), ContainerEvents.attributes(c, extra));
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
