package io.berth.engine.container;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import java.util.List;
import java.util.Map;

/** Containers for tests, built from the few fields a test cares about. */
final class Fixtures {
    static final String ID = "e91ad77b763754854c3699a3bea0ff9e9429740f5019412ba0ae91b4cfc90ef0";
    static final String IMAGE_ID = "sha256:4f20edb4f86f49c4774cc4221cad01ef56777b5d3a09bcd849eb1cf059ae6aab";

    private Fixtures() {}

    static Container container(String id, String name, RunState state) {
        return container(id, name, state, ContainerConfig.builder().build(), HostConfig.builder().build());
    }

    static Container container(String id, String name, RunState state, ContainerConfig config, HostConfig host) {
        return new Container(id, name, "2026-11-28T19:51:00.329284987Z", "busybox", IMAGE_ID, config, host,
                NetworkingConfig.builder().build(), "sh", List.of("-c", "echo hi"), "crun", state, 0, Map.of(), false);
    }

    static Container withCommand(String path, String... args) {
        var c = container(ID, "web", new RunState.Created("", 0));
        return new Container(c.id(), c.name(), c.created(), c.image(), c.imageId(), c.config(), c.hostConfig(),
                c.networkingConfig(), path, List.of(args), c.runtime(), c.runState(), 0, Map.of(), false);
    }
}
