package io.berth.engine.container;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import java.util.List;
import java.util.Map;

/**
 * A container as Berth records it. {@code config} is the create request merged with the image's
 * defaults (what inspect shows as {@code Config}); {@code path} and {@code args} are the resolved
 * entrypoint and command; {@code network} holds the addresses of the current run.
 */
public record Container(String id, String name, String created, String image, String imageId,
                        ContainerConfig config, HostConfig hostConfig, NetworkingConfig networkingConfig,
                        String path, List<String> args, String runtime, RunState runState, int restartCount,
                        Map<String, Endpoint> network, boolean manuallyStopped, List<ContainerMount> mounts) {
    public Container {
        args = List.copyOf(args);
        network = Map.copyOf(network);
        mounts = mounts == null ? List.of() : List.copyOf(mounts); // absent in records written before volumes
    }

    /** The record as it was before it had mount points (callers that know nothing of mounts). */
    public Container(String id, String name, String created, String image, String imageId, ContainerConfig config,
                     HostConfig hostConfig, NetworkingConfig networkingConfig, String path, List<String> args,
                     String runtime, RunState runState, int restartCount, Map<String, Endpoint> network,
                     boolean manuallyStopped) {
        this(id, name, created, image, imageId, config, hostConfig, networkingConfig, path, args, runtime, runState,
                restartCount, network, manuallyStopped, List.of());
    }

    public List<ContainerMount> mountsOrEmpty() {
        return mounts;
    }

    public Container withMounts(List<ContainerMount> newMounts) {
        return new Container(id, name, created, image, imageId, config, hostConfig, networkingConfig, path, args,
                runtime, runState, restartCount, network, manuallyStopped, newMounts);
    }

    /** One network endpoint of the current run: the address, and the names DNS answers for it. */
    public record Endpoint(String networkId, String endpointId, String ipAddress, int prefixLength, String gateway,
                           String macAddress, List<String> aliases, String interfaceName, List<String> dnsServers,
                           io.berth.engine.network.NetworkService.Ipv6 ipv6) {
        public Endpoint {
            aliases = List.copyOf(aliases);
            dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        }
    }

    public Container withNetworkingConfig(NetworkingConfig networking) {
        return new Container(id, name, created, image, imageId, config, hostConfig, networking, path, args,
                runtime, runState, restartCount, network, manuallyStopped, mounts);
    }

    public Container withRunState(RunState state) {
        return new Container(id, name, created, image, imageId, config, hostConfig, networkingConfig, path, args,
                runtime, state, restartCount, network, manuallyStopped, mounts);
    }

    public Container withName(String newName) {
        return new Container(id, newName, created, image, imageId, config, hostConfig, networkingConfig, path, args,
                runtime, runState, restartCount, network, manuallyStopped, mounts);
    }

    public Container withNetwork(Map<String, Endpoint> endpoints) {
        return new Container(id, name, created, image, imageId, config, hostConfig, networkingConfig, path, args,
                runtime, runState, restartCount, endpoints, manuallyStopped, mounts);
    }

    public Container withHostConfig(HostConfig host) {
        return new Container(id, name, created, image, imageId, config, host, networkingConfig, path, args,
                runtime, runState, restartCount, network, manuallyStopped, mounts);
    }

    public Container withManuallyStopped(boolean stopped) {
        return new Container(id, name, created, image, imageId, config, hostConfig, networkingConfig, path, args,
                runtime, runState, restartCount, network, stopped, mounts);
    }

    public Container withRestartCount(int count) {
        return new Container(id, name, created, image, imageId, config, hostConfig, networkingConfig, path, args,
                runtime, runState, count, network, manuallyStopped, mounts);
    }

    /** The cgroup the runtime puts the container in (the OCI spec's {@code cgroupsPath}). */
    public String cgroupsPath() {
        return "/berth/" + id;
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    public boolean tty() {
        return Boolean.TRUE.equals(config.tty());
    }

    public String networkMode() {
        String mode = hostConfig.networkMode();
        return mode == null || mode.isEmpty() ? "default" : mode;
    }
}
