package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigFileTest {
    @Test
    void dockerConfigWinsOverHome() {
        assertThat(CliConfigFile.path(Map.of("DOCKER_CONFIG", "/etc/dc", "HOME", "/home/u")))
                .isEqualTo(Path.of("/etc/dc/config.json"));
        assertThat(CliConfigFile.path(Map.of("HOME", "/home/u"))).isEqualTo(Path.of("/home/u/.docker/config.json"));
    }

    @Test
    void detachKeysAreReadWhenSet(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        assertThat(CliConfigFile.detachKeys(file)).isEmpty();
        Files.writeString(file, "{\"auths\":{},\"detachKeys\":\"ctrl-x,x\"}");
        assertThat(CliConfigFile.detachKeys(file)).contains("ctrl-x,x");
        Files.writeString(file, "{\"detachKeys\":\"\"}");
        assertThat(CliConfigFile.detachKeys(file)).isEmpty();
        Files.writeString(file, "not json");
        assertThat(CliConfigFile.detachKeys(file)).isEmpty();
    }
}
