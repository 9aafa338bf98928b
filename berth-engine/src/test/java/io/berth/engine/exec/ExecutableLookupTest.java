package io.berth.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableLookupTest {
    @TempDir
    Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(rootfs.resolve("bin"));
        Files.writeString(rootfs.resolve("bin/busybox"), "");
        Files.setPosixFilePermissions(rootfs.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("/bin/busybox"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    }

    @Test
    void aCommandFoundOnThePathIsFine() {
        assertThat(ExecutableLookup.problem(rootfs, "sh", List.of("PATH=/usr/bin:/bin"), "/")).isEmpty();
        assertThat(ExecutableLookup.problem(rootfs, "/bin/sh", List.of(), "/")).isEmpty();
    }

    @Test
    void aMissingCommand() {
        assertThat(ExecutableLookup.problem(rootfs, "nosuch", List.of("PATH=/bin"), "/"))
                .contains("exec: \"nosuch\": executable file not found in $PATH");
        assertThat(ExecutableLookup.problem(rootfs, "/nope/x", List.of(), "/"))
                .contains("exec: \"/nope/x\": stat /nope/x: no such file or directory");
    }

    @Test
    void aFileThatCannotBeRun() {
        assertThat(ExecutableLookup.problem(rootfs, "/etc/passwd", List.of(), "/"))
                .contains("exec: \"/etc/passwd\": permission denied");
        assertThat(ExecutableLookup.problem(rootfs, "/etc", List.of(), "/"))
                .contains("exec: \"/etc\": permission denied");
        assertThat(ExecutableLookup.problem(rootfs, "passwd", List.of("PATH=/etc"), "/"))
                .contains("exec: \"passwd\": executable file not found in $PATH");
    }
}
