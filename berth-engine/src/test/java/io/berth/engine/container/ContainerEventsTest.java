package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerEventsTest {
    @Test
    void labelsImageAndNameThenTheExtras() {
        var config = ContainerConfig.builder().image("busybox").labels(Map.of("tier", "front", "name", "label-name"))
                .build();
        var c = new Container("46a63f61" + "0".repeat(56), "web", "2026-11-28T19:51:20Z", "busybox", "sha256:1",
                config, HostConfig.builder().build(), NetworkingConfig.builder().build(), "sh", List.of(), "crun",
                new RunState.Created("", 0), 0, Map.of(), false);

        var attributes = ContainerEvents.attributes(c, Map.of("exitCode", "3"));

        assertThat(attributes).containsExactlyInAnyOrderEntriesOf(
                Map.of("tier", "front", "name", "web", "image", "busybox", "exitCode", "3"));
    }
}
