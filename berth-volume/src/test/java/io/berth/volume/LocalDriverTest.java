package io.berth.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDriverTest {
    @TempDir
    Path root;

    @Test
    void aVolumeIsADataDirectoryUnderItsName() throws Exception {
        var driver = new LocalDriver(root);

        Path data = driver.create("web-data");
        Files.writeString(data.resolve("f"), "12345");

        assertThat(data).isEqualTo(root.resolve("web-data/_data")).isDirectory();
        assertThat(driver.size("web-data")).isEqualTo(5);
        assertThat(driver.isEmpty("web-data")).isFalse();
        driver.remove("web-data");
        assertThat(root.resolve("web-data")).doesNotExist();
    }

    @Test
    void removingDoesNotFollowSymbolicLinksOutOfTheVolume() throws Exception {
        var driver = new LocalDriver(root.resolve("volumes"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "x");
        Path data = driver.create("v1");
        Files.createSymbolicLink(data.resolve("escape"), outside);

        driver.remove("v1");

        assertThat(outside.resolve("keep")).exists();
    }

    @Test
    void namesFollowDockersRules() {
        LocalDriver.validateName("ab");
        LocalDriver.validateName("a_b.c-d");

        assertThatThrownBy(() -> LocalDriver.validateName("a")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("volume name is too short, names should be at least two alphanumeric characters");
        assertThatThrownBy(() -> LocalDriver.validateName("a/b")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("\"a/b\" includes invalid characters for a local volume name, only "
                        + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, "
                        + "use absolute path");
        assertThatThrownBy(() -> LocalDriver.validateName("-ab")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void optionsFollowDockersRules() {
        LocalDriver.validateOptions(Map.of());
        LocalDriver.validateOptions(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m"));

        assertThatThrownBy(() -> LocalDriver.validateOptions(Map.of("colour", "red")))
                .hasMessage("invalid option: \"colour\"");
        assertThatThrownBy(() -> LocalDriver.validateOptions(Map.of("type", "tmpfs")))
                .hasMessage("missing required option: \"device\"");
        assertThatThrownBy(() -> LocalDriver.validateOptions(Map.of("device", "/x")))
                .hasMessage("missing required option: \"type\"");
        assertThatThrownBy(() -> LocalDriver.validateOptions(Map.of("size", "10m")))
                .hasMessage("quota size requested but no quota support");
        assertThat(LocalDriver.needsMount(Map.of("type", "none", "device", "/x", "o", "bind"))).isTrue();
        assertThat(LocalDriver.needsMount(Map.of())).isFalse();
    }
}
