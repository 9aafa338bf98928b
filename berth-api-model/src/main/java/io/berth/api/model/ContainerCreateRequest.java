package io.berth.api.model;

/**
 * The body of {@code POST /containers/create}: Docker sends {@link ContainerConfig}'s fields at the
 * top level with {@code HostConfig} and {@code NetworkingConfig} beside them; the route splits it.
 */
public record ContainerCreateRequest(ContainerConfig config, HostConfig hostConfig,
                                     NetworkingConfig networkingConfig) {}
