package io.berth.it;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.HostConfig;
import io.berth.api.model.LogsOptions;
import io.berth.api.model.NetworkingConfig;
import io.berth.client.BerthClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Small helpers the integration tests share. */
final class Containers {
    private Containers() {}

    static ContainerCreateRequest request(String image, List<String> cmd, UnaryOperator<HostConfig.Builder> host) {
        var config = ContainerConfig.builder().image(image).cmd(cmd).attachStdout(true).attachStderr(true).build();
        return new ContainerCreateRequest(config, host.apply(HostConfig.builder().networkMode("none")).build(),
                NetworkingConfig.builder().build());
    }

    static String create(BerthClient client, String name, String... cmd) {
        return client.containers().create(Optional.ofNullable(name), request("busybox", List.of(cmd), h -> h)).id();
    }

    static String run(BerthClient client, String... cmd) {
        String id = create(client, null, cmd);
        client.containers().start(id);
        return id;
    }

    /** stdout and stderr of the logs, kept apart. */
    record Logs(String stdout, String stderr) {}

    static Logs logs(BerthClient client, String id) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        client.containers().logs(id, LogsOptions.all(), false, out, err);
        return new Logs(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
