package io.berth.runtime.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachWarmerTest {
    private static final String HYBRID = """
            9:name=systemd:/system.slice/berthd.service
            8:pids:/system.slice/berthd.service
            2:cpu,cpuacct:/system.slice/berthd.service
            0::/system.slice/berthd.service
            """;

    @TempDir
    Path root;

    private Path procs(String dir) throws IOException {
        Path file = root.resolve(dir).resolve("system.slice/berthd.service/cgroup.procs");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        return file;
    }

    @Test
    void aHybridHostUsesItsUnifiedHierarchy() throws IOException {
        procs("pids");
        Path unified = procs("unified");

        assertThat(AttachWarmer.ownProcsFile(root, HYBRID)).contains(unified);
    }

    @Test
    void withoutAUnifiedMountTheFirstV1HierarchyFoundIsUsed() throws IOException {
        Path systemd = procs("systemd");
        procs("pids");

        assertThat(AttachWarmer.ownProcsFile(root, HYBRID)).contains(systemd);
    }

    @Test
    void coMountedControllersAreFoundUnderEitherName() throws IOException {
        Path joint = procs("cpu,cpuacct");

        assertThat(AttachWarmer.ownProcsFile(root, "2:cpu,cpuacct:/system.slice/berthd.service\n")).contains(joint);
    }

    @Test
    void nothingMountedMeansNoWarmUp() {
        assertThat(AttachWarmer.ownProcsFile(root, HYBRID)).isEmpty();
        assertThat(AttachWarmer.ownProcsFile(root, "garbage\n")).isEmpty();
    }

    @Test
    void aWriteThatFailsTurnsTheWarmUpOff() throws Exception {
        var warmer = new AttachWarmer(Optional.of(root.resolve("missing/cgroup.procs")));

        warmer.warm();

        org.awaitility.Awaitility.await().until(() -> !warmer.enabled());
    }

    @Test
    void aWarmUpWritesZeroIntoTheProcsFile() throws Exception {
        Path file = procs("unified");
        var warmer = new AttachWarmer(Optional.of(file));

        warmer.warm();

        org.awaitility.Awaitility.await().until(() -> Files.readString(file).equals("0"));
        assertThat(warmer.enabled()).isTrue();
    }
}
