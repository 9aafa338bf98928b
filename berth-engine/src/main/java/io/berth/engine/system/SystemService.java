package io.berth.engine.system;

import io.berth.api.model.Commit;
import io.berth.api.model.DockerApi;
import io.berth.api.model.IndexInfo;
import io.berth.api.model.PluginsInfo;
import io.berth.api.model.RegistryServiceConfig;
import io.berth.api.model.SystemInfo;
import io.berth.api.model.SystemVersion;
import io.berth.common.AtomicFiles;
import io.berth.common.Timestamps;
import io.berth.engine.EngineConfig;
import io.berth.engine.container.ContainerService;
import io.berth.engine.image.ImageService;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.RuntimeKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engine's identity and the host's facts, as {@code /version} and {@code /info} report them. */
public final class SystemService {
    private final EngineConfig config;
    private final ContainerService containers;
    private final ImageService images;
    private final Map<String, OciRuntime> runtimes;
    private final String defaultRuntime;
    private final String runtimeNote;
    private final String engineId;
    private final String conmonVersion;

    /** Docker's {@code RegistryConfig}: insecure CIDRs, one index entry per registry configured, Docker Hub's mirrors. */
    private RegistryServiceConfig registryConfig() {
        var hosts = images.registryHosts();
        var indexes = new LinkedHashMap<String, IndexInfo>();
        var hubMirrors = new ArrayList<String>();
        hosts.mirrors("docker.io").forEach(u -> hubMirrors.add(u + "/"));
        indexes.put("docker.io", IndexInfo.builder().name("docker.io").mirrors(hubMirrors).secure(true).official(true).build());
        for (String host : hosts.insecureHosts()) {
            indexes.put(host, IndexInfo.builder().name(host).mirrors(List.of()).secure(false).official(false).build());
        }
        hosts.allMirrors().forEach((registry, urls) -> {
            if (!registry.equals("docker.io")) {
                indexes.put(registry, IndexInfo.builder().name(registry).mirrors(urls.stream().map(u -> u + "/").toList())
                        .secure(!hosts.isInsecure(registry)).official(false).build());
            }
        });
        return RegistryServiceConfig.builder().insecureRegistryCIDRs(hosts.insecureCidrs()).indexConfigs(indexes)
                .mirrors(hubMirrors).build();
    }

    public SystemService(EngineConfig config, ContainerService containers, ImageService images,
                         Map<String, OciRuntime> runtimes, String defaultRuntime, String runtimeNote,
                         String conmonVersion) {
        this.config = config;
        this.containers = containers;
        this.images = images;
        this.runtimes = runtimes;
        this.defaultRuntime = defaultRuntime;
        this.runtimeNote = runtimeNote;
        this.conmonVersion = conmonVersion;
        this.engineId = engineId(config.dataRoot().resolve("engine-id"));
    }

    private static String engineId(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            String id = java.util.UUID.nameUUIDFromBytes(bytes).toString();
            AtomicFiles.write(file, id.getBytes(StandardCharsets.UTF_8));
            return id;
        } catch (IOException e) {
            return "unknown";
        }
    }

    public SystemVersion version() {
        var components = new ArrayList<SystemVersion.ComponentsItem>();
        var details = new LinkedHashMap<String, Object>();
        details.put("ApiVersion", DockerApi.API_VERSION);
        details.put("Arch", arch());
        details.put("BuildTime", "");
        details.put("Experimental", "false");
        details.put("GitCommit", "berth");
        details.put("GoVersion", "java" + Runtime.version().feature());
        details.put("KernelVersion", kernel());
        details.put("MinAPIVersion", DockerApi.MIN_API_VERSION);
        details.put("Os", "linux");
        components.add(SystemVersion.ComponentsItem.builder().name("Engine").version(DockerApi.ENGINE_VERSION)
                .details(details).build());
        for (OciRuntime runtime : runtimes.values()) {
            components.add(SystemVersion.ComponentsItem.builder().name(runtime.name())
                    .version(runtime.kind().version()).details(Map.of("GitCommit", "")).build());
        }
        components.add(SystemVersion.ComponentsItem.builder().name("conmon").version(conmonVersion)
                .details(Map.of("GitCommit", "")).build());
        return SystemVersion.builder()
                .platform(SystemVersion.Platform.builder().name("Berth Engine").build())
                .components(components)
                .version(DockerApi.ENGINE_VERSION)
                .apiVersion(DockerApi.API_VERSION)
                .minAPIVersion(DockerApi.MIN_API_VERSION)
                .gitCommit("berth")
                .goVersion("java" + Runtime.version().feature())
                .os("linux")
                .arch(arch())
                .kernelVersion(kernel())
                .buildTime("")
                .build();
    }

    public SystemInfo info() {
        int[] counts = containers.counts();
        var runtimeInfo = new LinkedHashMap<String, io.berth.api.model.Runtime>();
        for (OciRuntime runtime : runtimes.values()) {
            var status = new LinkedHashMap<String, String>();
            status.put("version", runtime.kind().version());
            if (!runtime.kind().note().isEmpty()) {
                status.put("io.berth.note", runtime.kind().note());
            }
            if (runtime.name().equals(defaultRuntime) && !runtimeNote.isEmpty()) {
                status.put("io.berth.default-reason", runtimeNote);
            }
            runtimeInfo.put(runtime.name(), io.berth.api.model.Runtime.builder()
                    .path(runtime.kind().binary().toString()).status(status).build());
        }
        return SystemInfo.builder()
                .id(engineId)
                .containers((long) counts[0])
                .containersRunning((long) counts[1])
                .containersPaused((long) counts[2])
                .containersStopped((long) counts[3])
                .images((long) images.store().list().size())
                .driver("overlay2")
                .driverStatus(List.of(List.of("Backing Filesystem", "extfs"), List.of("Supports d_type", "true")))
                .dockerRootDir(config.dataRoot().toString())
                .plugins(PluginsInfo.builder().volume(List.of("local")).network(List.of("bridge", "host", "null"))
                        .authorization(null).log(List.of("json-file")).build())
                .memoryLimit(true).swapLimit(true).cpuCfsPeriod(true).cpuCfsQuota(true).cpuShares(true)
                .cpuSet(true).pidsLimit(true).oomKillDisable(true).iPv4Forwarding(true).debug(false)
                .nFd(0L).nGoroutines((long) Thread.activeCount())
                .systemTime(Timestamps.now())
                .loggingDriver(containers.defaultLogDriver())
                .cgroupDriver("cgroupfs")
                .cgroupVersion(RuntimeKind.cgroupVersion())
                .nEventsListener(0L)
                .kernelVersion(kernel())
                .operatingSystem(osName())
                .osVersion(osVersion())
                .osType("linux")
                .architecture(System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"))
                .ncpu((long) Runtime.getRuntime().availableProcessors())
                .memTotal(memTotal())
                .indexServerAddress("https://index.docker.io/v1/")
                .registryConfig(registryConfig())
                .httpProxy("").httpsProxy("").noProxy("")
                .name(hostname())
                .labels(List.of())
                .experimentalBuild(false)
                .serverVersion(DockerApi.ENGINE_VERSION)
                .runtimes(runtimeInfo)
                .defaultRuntime(defaultRuntime)
                .liveRestoreEnabled(true)
                .isolation("")
                .initBinary("catatonit")
                .containerdCommit(Commit.builder().id("").build())
                .runcCommit(Commit.builder().id(runtimes.get(defaultRuntime).kind().version()).build())
                .initCommit(Commit.builder().id("").build())
                .securityOptions(List.of("name=seccomp,profile=builtin", "name=cgroupns"))
                .swarm(inactiveSwarm())
                .warnings(List.of())
                .build();
    }

    /** dockerd's {@code Swarm} when it is not in a swarm: docker-compose v1 reads {@code LocalNodeState}. */
    private static com.fasterxml.jackson.databind.JsonNode inactiveSwarm() {
        var swarm = io.berth.common.Json.mapper().createObjectNode();
        swarm.put("NodeID", "").put("NodeAddr", "").put("LocalNodeState", "inactive").put("ControlAvailable", false)
                .put("Error", "").putNull("RemoteManagers");
        return swarm;
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
    }

    private static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String osRelease(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1).replace("\"", "");
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    private static String osName() {
        return osRelease("PRETTY_NAME");
    }

    private static String osVersion() {
        return osRelease("VERSION_ID");
    }
}
