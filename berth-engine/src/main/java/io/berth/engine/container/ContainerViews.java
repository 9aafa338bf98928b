package io.berth.engine.container;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerInspectResponse;
import io.berth.api.model.ContainerState;
import io.berth.api.model.ContainerSummary;
import io.berth.api.model.DriverData;
import io.berth.api.model.EndpointSettings;
import io.berth.api.model.HostConfig;
import io.berth.api.model.MountPoint;
import io.berth.api.model.NetworkSettings;
import io.berth.api.model.PortBinding;
import io.berth.api.model.PortSummary;
import io.berth.common.HumanDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's views of a container: inspect and list entries. */
final class ContainerViews {
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ContainerViews() {}

    static ContainerInspectResponse inspect(Container c, Path containerDir, Map<String, String> graphData,
                                            Long sizeRw, Long sizeRootFs) {
        return inspect(c, containerDir, graphData, sizeRw, sizeRootFs, List.of());
    }

    static ContainerInspectResponse inspect(Container c, Path containerDir, Map<String, String> graphData,
                                            Long sizeRw, Long sizeRootFs, List<MountPoint> mounts) {
        return ContainerInspectResponse.builder()
                .id(c.id())
                .created(c.created())
                .path(c.path())
                .args(c.args())
                .state(state(c.runState()))
                .image(c.imageId())
                .resolvConfPath(containerDir.resolve("resolv.conf").toString())
                .hostnamePath(containerDir.resolve("hostname").toString())
                .hostsPath(containerDir.resolve("hosts").toString())
                .logPath(containerDir.resolve("ctr.log").toString())
                .name("/" + c.name())
                .restartCount((long) c.restartCount())
                .driver("overlay2")
                .platform("linux")
                .mountLabel("")
                .processLabel("")
                .appArmorProfile("")
                .execIDs(null)
                .hostConfig(c.hostConfig())
                .graphDriver(DriverData.builder().name("overlay2").data(graphData).build())
                .sizeRw(sizeRw)
                .sizeRootFs(sizeRootFs)
                .mounts(mounts)
                .config(c.config())
                .networkSettings(networkSettings(c))
                .build();
    }

    static ContainerState state(RunState state) {
        var b = ContainerState.builder()
                .status(state.dockerStatus())
                .running(state.shownAsRunning())
                .paused(state instanceof RunState.Paused)
                .restarting(state instanceof RunState.Restarting)
                .oomKilled(false)
                .dead(false)
                .pid(0L)
                .exitCode(0L)
                .error("")
                .startedAt(ZERO_TIME)
                .finishedAt(ZERO_TIME);
        switch (state) {
            case RunState.Created created -> b.error(created.error() == null ? "" : created.error())
                    .exitCode((long) created.exitCode());
            case RunState.Running running -> b.pid(running.pid()).startedAt(running.startedAt());
            case RunState.Paused paused -> b.pid(paused.pid()).startedAt(paused.startedAt());
            case RunState.Exited exited -> b.exitCode((long) exited.exitCode())
                    .startedAt(exited.startedAt()).finishedAt(exited.finishedAt())
                    .oomKilled(exited.oomKilled()).error(exited.error() == null ? "" : exited.error());
            case RunState.Restarting restarting -> b.exitCode((long) restarting.exitCode())
                    .startedAt(restarting.startedAt()).finishedAt(restarting.finishedAt());
        }
        return b.build();
    }

    static NetworkSettings networkSettings(Container c) {
        var networks = new LinkedHashMap<String, EndpointSettings>();
        String mode = c.networkMode();
        for (var entry : c.network().entrySet()) {
            var e = entry.getValue();
            var settings = endpointSettings(c, entry.getKey());
            networks.put(entry.getKey(), endpoint(e.networkId(), e.endpointId(), e.ipAddress(), e.prefixLength(),
                    e.gateway(), e.macAddress(), e.aliases().isEmpty() ? null : e.aliases(), e.ipv6())
                    .toBuilder().ipamConfig(settings == null ? null : settings.ipamConfig()).build());
        }
        if (networks.isEmpty()) {
            String name = mode.equals("default") ? "bridge" : mode;
            if (!name.startsWith("container:")) {
                networks.put(name, configured(endpointSettings(c, name)));
            }
            // as dockerd, a container that is not running shows each network it is set up for, with
            // the aliases and addresses asked for (the address it gets comes with the start)
            if (ContainerNetworking.usesNetavark(mode) && c.networkingConfig() != null
                    && c.networkingConfig().endpointsConfig() != null) {
                for (var entry : c.networkingConfig().endpointsConfig().entrySet()) {
                    if (!entry.getKey().equals("default") && !networks.containsKey(entry.getKey())) {
                        networks.put(entry.getKey(), configured(entry.getValue()));
                    }
                }
            }
        }
        var primary = c.network().get("bridge");
        return NetworkSettings.builder()
                .bridge("")
                .sandboxID("")
                .hairpinMode(false)
                .linkLocalIPv6Address("")
                .linkLocalIPv6PrefixLen(0L)
                .ports(ports(c))
                .sandboxKey(c.network().isEmpty() ? "" : "/run/berth/netns/" + c.id())
                .secondaryIPAddresses(null)
                .secondaryIPv6Addresses(null)
                .endpointID(primary == null ? "" : primary.endpointId())
                .gateway(primary == null ? "" : primary.gateway())
                .globalIPv6Address(primary == null || primary.ipv6() == null ? "" : primary.ipv6().ip())
                .globalIPv6PrefixLen(primary == null || primary.ipv6() == null ? 0L : (long) primary.ipv6().prefixLength())
                .ipAddress(primary == null ? "" : primary.ipAddress())
                .ipPrefixLen(primary == null ? 0L : (long) primary.prefixLength())
                .iPv6Gateway(primary == null || primary.ipv6() == null ? "" : primary.ipv6().gateway())
                .macAddress(primary == null ? "" : primary.macAddress())
                .networks(networks)
                .build();
    }

    /** What the create request or a connect asked for on a network (its static addresses), if anything. */
    private static EndpointSettings endpointSettings(Container c, String network) {
        var config = c.networkingConfig();
        if (config == null || config.endpointsConfig() == null) {
            return null;
        }
        var settings = config.endpointsConfig().get(network);
        if (settings == null && network.equals("bridge")) {
            settings = config.endpointsConfig().get("default");
        }
        return settings;
    }

    private static EndpointSettings configured(EndpointSettings settings) {
        var empty = endpoint("", "", "", 0, "", "", null, null);
        if (settings == null) {
            return empty;
        }
        return empty.toBuilder().ipamConfig(settings.ipamConfig())
                .aliases(settings.aliases() == null || settings.aliases().isEmpty() ? null : settings.aliases())
                .networkID(settings.networkID() == null ? "" : settings.networkID()).build();
    }

    private static EndpointSettings endpoint(String networkId, String endpointId, String ip, int prefix, String gateway,
                                             String mac, List<String> aliases,
                                             io.berth.engine.network.NetworkService.Ipv6 ipv6) {
        return EndpointSettings.builder()
                .ipamConfig(null).links(null).aliases(aliases)
                .networkID(networkId).endpointID(endpointId).gateway(gateway)
                .ipAddress(ip).ipPrefixLen((long) prefix).iPv6Gateway(ipv6 == null ? "" : ipv6.gateway())
                .globalIPv6Address(ipv6 == null ? "" : ipv6.ip())
                .globalIPv6PrefixLen(ipv6 == null ? 0L : (long) ipv6.prefixLength()).macAddress(mac).driverOpts(null)
                .build();
    }

    /** {@code NetworkSettings.Ports}: published bindings of a running container, exposed ports as null. */
    static Map<String, List<PortBinding>> ports(Container c) {
        var ports = new LinkedHashMap<String, List<PortBinding>>();
        if (c.config().exposedPorts() != null) {
            for (String port : c.config().exposedPorts().keySet()) {
                ports.put(port, null);
            }
        }
        if (c.runState().isRunning() && !c.network().isEmpty() && c.hostConfig().portBindings() != null) {
            for (var entry : c.hostConfig().portBindings().entrySet()) {
                var bindings = new ArrayList<PortBinding>();
                for (PortBinding b : entry.getValue() == null ? List.<PortBinding>of() : entry.getValue()) {
                    String hostIp = b.hostIp() == null || b.hostIp().isEmpty() ? "0.0.0.0" : b.hostIp();
                    bindings.add(PortBinding.builder().hostIp(hostIp).hostPort(b.hostPort()).build());
                }
                ports.put(normalizePort(entry.getKey()), bindings);
            }
        }
        return ports;
    }

    static String normalizePort(String port) {
        return port.contains("/") ? port : port + "/tcp";
    }

    static ContainerSummary summary(Container c, Instant now, Long sizeRw, Long sizeRootFs) {
        return summary(c, now, sizeRw, sizeRootFs, List.of());
    }

    static ContainerSummary summary(Container c, Instant now, Long sizeRw, Long sizeRootFs, List<MountPoint> mounts) {
        var ports = new ArrayList<PortSummary>();
        for (var entry : ports(c).entrySet()) {
            String[] pp = entry.getKey().split("/");
            long privatePort = Long.parseLong(pp[0].contains("-") ? pp[0].substring(0, pp[0].indexOf('-')) : pp[0]);
            String type = pp.length > 1 ? pp[1] : "tcp";
            if (entry.getValue() == null || entry.getValue().isEmpty()) {
                ports.add(PortSummary.builder().privatePort(privatePort).type(type).build());
            } else {
                for (PortBinding b : entry.getValue()) {
                    ports.add(PortSummary.builder().ip(b.hostIp()).privatePort(privatePort)
                            .publicPort(Long.parseLong(b.hostPort())).type(type).build());
                }
            }
        }
        var networks = new LinkedHashMap<String, EndpointSettings>(networkSettings(c).networks());
        return ContainerSummary.builder()
                .id(c.id())
                .names(List.of("/" + c.name()))
                .image(c.image())
                .imageID(c.imageId())
                .command(command(c))
                .created(Instant.parse(c.created()).getEpochSecond())
                .ports(ports)
                .sizeRw(sizeRw)
                .sizeRootFs(sizeRootFs)
                .labels(c.config().labels() == null ? Map.of() : c.config().labels())
                .state(c.runState().dockerStatus())
                .status(status(c.runState(), now))
                .hostConfig(ContainerSummary.HostConfig.builder().networkMode(c.networkMode()).build())
                .networkSettings(ContainerSummary.NetworkSettings.builder().networks(networks).build())
                .mounts(mounts)
                .build();
    }

    /** {@code sh -c 'echo hi'}: Docker joins path and args, quoting (only) those with a space. */
    static String command(Container c) {
        if (c.args().isEmpty()) {
            return c.path();
        }
        var parts = new ArrayList<String>();
        for (String arg : c.args()) {
            parts.add(arg.contains(" ") ? "'" + arg + "'" : arg);
        }
        return c.path() + " " + String.join(" ", parts);
    }

    static String status(RunState state, Instant now) {
        return switch (state) {
            case RunState.Created _ -> "Created";
            case RunState.Running r -> "Up " + HumanDuration.of(Duration.between(Instant.parse(r.startedAt()), now));
            case RunState.Paused p -> "Up " + HumanDuration.of(Duration.between(Instant.parse(p.startedAt()), now))
                    + " (Paused)";
            case RunState.Exited e -> "Exited (" + e.exitCode() + ") "
                    + HumanDuration.of(Duration.between(Instant.parse(e.finishedAt()), now)) + " ago";
            case RunState.Restarting r -> "Restarting (" + r.exitCode() + ") "
                    + HumanDuration.of(Duration.between(Instant.parse(r.finishedAt()), now)) + " ago";
        };
    }

    /** What a new container's HostConfig looks like in inspect: Docker fills the defaults it applied. */
    static HostConfig normalizeHostConfig(HostConfig host, String runtime) {
        var b = host.toBuilder();
        if (host.networkMode() == null || host.networkMode().isEmpty()) {
            b.networkMode("default");
        }
        if (host.logConfig() == null || host.logConfig().type() == null || host.logConfig().type().isEmpty()) {
            b.logConfig(HostConfig.LogConfig.builder().type("json-file").config(
                    host.logConfig() == null || host.logConfig().config() == null ? Map.of() : host.logConfig().config())
                    .build());
        }
        if (host.restartPolicy() == null) {
            b.restartPolicy(io.berth.api.model.RestartPolicy.builder().name("no").maximumRetryCount(0L).build());
        }
        b.runtime(runtime);
        if (host.shmSize() == null || host.shmSize() == 0) {
            b.shmSize(67108864L);
        }
        if (host.consoleSize() == null) {
            b.consoleSize(List.of(0L, 0L));
        }
        if (host.maskedPaths() == null && !Boolean.TRUE.equals(host.privileged())) {
            b.maskedPaths(io.berth.runtime.oci.DefaultConfinement.MASKED_PATHS);
        }
        if (host.readonlyPaths() == null && !Boolean.TRUE.equals(host.privileged())) {
            b.readonlyPaths(io.berth.runtime.oci.DefaultConfinement.READONLY_PATHS);
        }
        if (host.autoRemove() == null) {
            b.autoRemove(false);
        }
        if (host.privileged() == null) {
            b.privileged(false);
        }
        return b.build();
    }

    static ContainerConfig withImageName(ContainerConfig config, String image) {
        return config.toBuilder().image(image).build();
    }
}
