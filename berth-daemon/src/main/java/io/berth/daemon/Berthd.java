package io.berth.daemon;

import io.berth.common.BerthException;
import io.berth.common.Exec;
import io.berth.daemon.http.HttpServer;
import io.berth.daemon.http.Router;
import io.berth.daemon.routes.BuildRoutes;
import io.berth.daemon.routes.ContainerFileRoutes;
import io.berth.daemon.routes.ContainerRoutes;
import io.berth.daemon.routes.EventRoutes;
import io.berth.daemon.routes.ExecRoutes;
import io.berth.daemon.routes.ImageRoutes;
import io.berth.daemon.routes.NetworkRoutes;
import io.berth.daemon.routes.MetricsRoutes;
import io.berth.daemon.routes.StatsRoutes;
import io.berth.daemon.routes.SystemRoutes;
import io.berth.daemon.routes.VolumeRoutes;
import io.berth.engine.EngineConfig;
import io.berth.engine.build.BuildService;
import io.berth.engine.container.ContainerFiles;
import io.berth.engine.container.ContainerService;
import io.berth.engine.events.EventBus;
import io.berth.engine.events.StoredJournal;
import io.berth.engine.exec.ExecService;
import io.berth.engine.image.ImageService;
import io.berth.engine.network.NetworkService;
import io.berth.engine.stats.StatsService;
import io.berth.engine.system.SystemService;
import io.berth.engine.volume.VolumeService;
import io.berth.image.ImageStore;
import io.berth.image.registry.RegistryClient;
import io.berth.image.registry.RegistryHosts;
import io.berth.network.NetworkNamespaces;
import io.berth.network.Netavark;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.RuntimeKind;
import io.berth.runtime.cgroups.Cgroups;
import io.berth.runtime.cgroups.HostStats;
import io.berth.runtime.conmon.Conmon;
import io.berth.runtime.conmon.ExitWatcher;
import io.berth.store.content.ContentStore;
import io.berth.store.overlay.LayerStore;
import io.berth.store.state.EventLog;
import io.berth.store.state.StateStore;
import io.berth.volume.LocalDriver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** berthd's entry point and composition root. */
public final class Berthd {
    private static final System.Logger LOG = System.getLogger(Berthd.class.getName());

    private Berthd() {}

    public static void main(String[] args) {
        DaemonConfig config;
        try {
            config = DaemonConfig.parse(args);
        } catch (DaemonConfig.HelpRequested e) {
            System.out.print(DaemonConfig.USAGE);
            return;
        } catch (BerthException e) {
            System.err.println("berthd: " + e.getMessage());
            System.exit(125);
            return;
        }
        LogSetup.install(config.debug());
        try {
            run(config);
        } catch (BerthException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, "berthd failed to start: " + e.getMessage(), e);
            System.err.println("berthd: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(DaemonConfig config) throws IOException {
        Files.createDirectories(config.dataRoot());
        Files.createDirectories(config.execRoot());
        FileLock lock = lockDataRoot(config.dataRoot());

        var engineConfig = new EngineConfig(config.dataRoot(), config.execRoot(), config.defaultRuntime(),
                config.bridgeSubnets().isEmpty() ? EngineConfig.DEFAULT_BRIDGE_SUBNETS : config.bridgeSubnets(),
                bridgeName(config),
                config.addressPools().isEmpty() ? EngineConfig.defaultAddressPools() : config.addressPools(),
                config.dns().servers(), config.dns().search(), config.dns().options());
        var state = StateStore.open(config.dataRoot().resolve("state.db"));
        var content = new ContentStore(config.dataRoot().resolve("blobs"));
        var layers = new LayerStore(config.dataRoot().resolve("overlay"));
        var imageStore = new ImageStore(state, content, layers);
        var collected = imageStore.collectGarbage(); // what a killed daemon left half-made
        if (collected.blobs() + collected.layers() > 0) {
            LOG.log(System.Logger.Level.INFO, "removed what no image uses: "
                    + collected.blobs() + " blobs, " + collected.layers() + " layers");
        }
        var events = new EventBus(new StoredJournal(new EventLog(state, EventLog.DEFAULT_KEEP)));
        var registries = new RegistryClient(new RegistryHosts(config.insecureRegistries(), config.registriesLoopbackOnly(),
                config.registryMirrors(), config.registryCertsDir()));
        var images = new ImageService(imageStore, events, config.dataRoot().resolve("tmp"), registries);

        var hybrid = RuntimeKind.hybridControllersFile();
        var conmon = new Conmon(Path.of("/usr/bin/conmon"));
        Map<String, OciRuntime> runtimes = new LinkedHashMap<>();
        for (RuntimeKind kind : RuntimeKind.detect(hybrid)) {
            runtimes.put(kind.name(), OciRuntime.prepare(kind, config.execRoot(), conmon, hybrid, nativeHelper()));
        }
        if (runtimes.isEmpty()) {
            throw new io.berth.common.InternalException("no OCI runtime found: install crun or runc");
        }
        String defaultRuntime = config.defaultRuntime().orElse(runtimes.containsKey("crun") ? "crun" : "runc");
        if (!runtimes.containsKey(defaultRuntime)) {
            throw new io.berth.common.InvalidArgumentException("default runtime " + defaultRuntime
                    + " is not installed (found: " + String.join(", ", runtimes.keySet()) + ")");
        }
        String runtimeNote = config.defaultRuntime().isPresent() ? "chosen with --default-runtime"
                : defaultRuntime.equals("crun") ? "crun starts containers faster than runc"
                : "crun is not installed";
        if (runtimes.containsKey("crun") && runtimes.get("crun").kind().needsHybridWorkaround()) {
            LOG.log(System.Logger.Level.INFO, "crun create runs through {0}", runtimes.get("crun").createBinary());
        }

        var exits = new ExitWatcher(config.execRoot().resolve("exits"));
        var netavark = new Netavark(Netavark.defaultBinary(), Netavark.defaultAardvark(),
                config.execRoot().resolve("netavark"), config.dns().servers());
        var networks = new NetworkService(state, netavark, new NetworkNamespaces(config.execRoot().resolve("netns")),
                engineConfig, events);
        var volumes = new VolumeService(state, new LocalDriver(config.dataRoot().resolve("volumes")), events);
        var containers = new ContainerService(state, images, layers, runtimes, defaultRuntime, exits, networks, events,
                engineConfig, config.execRoot().resolve("exits"), volumes, config.logDefaults());
        images.setUsers(containers);
        networks.setUsers(containers.networkUsers());
        var execs = new ExecService(containers::get, runtimes, events, engineConfig);
        containers.setProber(execs::probe);
        var files = new ContainerFiles(containers, images, layers, volumes);
        var system = new SystemService(engineConfig, containers, images, runtimes, defaultRuntime, runtimeNote,
                version(List.of("/usr/bin/conmon", "--version")));
        var stats = new StatsService(containers, Cgroups.detect(), HostStats.system());
        containers.reconcile();
        var builds = new BuildService(images, containers, layers, state, config.dataRoot().resolve("builds"), events);

        var router = Router.builder()
                .add(new SystemRoutes(system))
                .add(new ContainerRoutes(containers))
                .add(new ContainerFileRoutes(files))
                .add(new ExecRoutes(execs))
                .add(new ImageRoutes(images))
                .add(new NetworkRoutes(networks, containers))
                .add(new EventRoutes(events))
                .add(new StatsRoutes(stats))
                .add(new VolumeRoutes(volumes))
                .add(new BuildRoutes(builds))
                .add(new io.berth.daemon.routes.DiskUsageRoutes(
                        new io.berth.engine.system.DiskUsageService(images, containers, volumes, builds)))
                .build();
        var server = HttpServer.bindUnix(config.socket(), router);
        Optional<HttpServer> metrics = Optional.empty();
        if (config.metricsAddr().isPresent()) {
            var metricsServer = HttpServer.bindTcp(config.metricsAddr().get(),
                    Router.builder().add(new MetricsRoutes(stats)).build());
            Thread.ofVirtual().name("metrics-accept").start(metricsServer::serve);
            LOG.log(System.Logger.Level.INFO, "metrics listening address={0}", metricsServer.localAddress());
            metrics = Optional.of(metricsServer);
        }
        var metricsToClose = metrics;
        Files.writeString(config.execRoot().resolve("berthd.pid"), Long.toString(ProcessHandle.current().pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            containers.awaitCleanups(Duration.ofSeconds(20));
            try {
                networks.releaseDefaultBridge();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "releasing the default bridge: {0}", e.getMessage());
            }
            metricsToClose.ifPresent(HttpServer::close);
            try {
                Files.deleteIfExists(config.socket());
                lock.release();
            } catch (IOException ignored) {
                // exiting anyway
            }
            state.close();
        }, "berthd-shutdown"));
        LOG.log(System.Logger.Level.INFO, "berthd listening socket={0} data-root={1} runtime={2}", config.socket(),
                config.dataRoot(), defaultRuntime);
        server.serve();
    }

    /** berth-dist's compiled helper for crun on hybrid cgroup hosts, if the build made one ({@code -Dberth.libexec}). */
    private static java.util.Optional<Path> nativeHelper() {
        return java.util.Optional.ofNullable(System.getProperty("berth.libexec"))
                .map(dir -> Path.of(dir, "crun-hybrid"))
                .filter(java.nio.file.Files::isExecutable);
    }

    /** The default bridge's interface: {@code berth0}, or one per data root for extra daemons. */
    private static String bridgeName(DaemonConfig config) {
        if (config.dataRoot().equals(DaemonConfig.DEFAULT_DATA_ROOT)) {
            return "berth0";
        }
        return "berth" + Integer.toHexString(config.dataRoot().toString().hashCode() & 0xfffff);
    }

    private static FileLock lockDataRoot(Path dataRoot) throws IOException {
        var channel = FileChannel.open(dataRoot.resolve("berthd.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            throw new io.berth.common.ConflictException("another berthd is using data-root " + dataRoot);
        }
        return lock;
    }

    private static String version(List<String> argv) {
        try {
            var out = Exec.run(argv, Duration.ofSeconds(5)).out();
            String first = out.lines().findFirst().orElse("");
            int space = first.lastIndexOf(' ');
            return space < 0 ? first : first.substring(space + 1);
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

}
