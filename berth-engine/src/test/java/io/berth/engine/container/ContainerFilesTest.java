package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ContainerConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The daemon side of docker cp's paths, and commit's config merge. */
class ContainerFilesTest {
    @Test
    void containerPathsAreMadeAbsoluteAndCleanWithTheirTrailingPartKept() {
        assertThat(ContainerFiles.absolute("etc/hosts")).isEqualTo("/etc/hosts");
        assertThat(ContainerFiles.absolute("/etc/../../etc/")).isEqualTo("/etc/");
        assertThat(ContainerFiles.absolute("/etc/.")).isEqualTo("/etc/.");
        assertThat(ContainerFiles.absolute("/")).isEqualTo("/");
        assertThat(ContainerFiles.absolute("..")).isEqualTo("/");
    }

    @Test
    void theArchivesTopNameIsGosBaseOfThePath() {
        assertThat(ContainerFiles.base("/etc/")).isEqualTo("etc");
        assertThat(ContainerFiles.base("/etc/.")).isEqualTo(".");
        assertThat(ContainerFiles.base("/")).isEqualTo("/");
        assertThat(ContainerFiles.base("/etc/hosts")).isEqualTo("hosts");
    }

    @Test
    void commitsConfigMergeFillsTheRequestsGapsFromTheContainer() {
        var container = ContainerConfig.builder().image("busybox").user("1000").cmd(List.of("sh"))
                .env(List.of("A=1", "B=2")).labels(Map.of("x", "1")).workingDir("/w").build();
        var request = ContainerConfig.builder().env(List.of("B=3")).labels(Map.of("y", "2")).build();

        var merged = ContainerFiles.mergeConfig(Optional.of(request), container);
        var none = ContainerFiles.mergeConfig(Optional.empty(), container);

        assertThat(merged.get("User").asText()).isEqualTo("1000");
        assertThat(merged.get("Env")).extracting(n -> n.asText()).containsExactly("B=3", "A=1");
        assertThat(merged.get("Labels").get("x").asText()).isEqualTo("1");
        assertThat(merged.get("Labels").get("y").asText()).isEqualTo("2");
        assertThat(merged.get("Cmd").get(0).asText()).isEqualTo("sh");
        assertThat(merged.get("WorkingDir").asText()).isEqualTo("/w");
        assertThat(none.get("Image").asText()).isEqualTo("busybox");
    }
}
