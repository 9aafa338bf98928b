package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsPathsTest {
    @TempDir
    Path dir;

    private Path root;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/passwd"), "outside\n");
    }

    @Test
    void aPlainPathIsUnderTheRoot() {
        assertThat(RootfsPaths.resolve(root, "/etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(RootfsPaths.resolve(root, "etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(RootfsPaths.resolve(root, "/")).isEqualTo(root);
        assertThat(RootfsPaths.resolve(root, "")).isEqualTo(root);
    }

    @Test
    void dotsAndRepeatedSlashesAreIgnored() {
        assertThat(RootfsPaths.resolve(root, "//etc/./passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(RootfsPaths.resolve(root, "/usr/lib/../../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    }

    @Test
    void dotDotNeverClimbsAboveTheRoot() {
        assertThat(RootfsPaths.resolve(root, "../../../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(RootfsPaths.resolve(root, "/../..")).isEqualTo(root);
    }

    @Test
    void anAbsoluteLinkToEtcStaysInside() throws IOException {
        Files.createSymbolicLink(root.resolve("config"), Path.of("/etc"));

        Path resolved = RootfsPaths.resolve(root, "/config/passwd");

        assertThat(resolved).isEqualTo(root.resolve("etc/passwd"));
        assertThat(resolved).hasContent("root:x:0:0::/root:/bin/sh");
    }

    @Test
    void anAbsoluteLinkToAFileStaysInside() throws IOException {
        Files.createSymbolicLink(root.resolve("etc/shadowlink"), Path.of("/etc/passwd"));

        assertThat(RootfsPaths.resolve(root, "/etc/shadowlink")).isEqualTo(root.resolve("etc/passwd"));
    }

    @Test
    void aRelativeLinkThatClimbsOutIsClampedToTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("usr/lib/escape"), Path.of("../../../../../etc"));

        Path resolved = RootfsPaths.resolve(root, "/usr/lib/escape/passwd");

        assertThat(resolved).isEqualTo(root.resolve("etc/passwd"));
        assertThat(resolved.startsWith(root)).isTrue();
    }

    @Test
    void aRelativeLinkResolvesFromItsDirectory() throws IOException {
        Files.createSymbolicLink(root.resolve("usr/lib/os-release"), Path.of("../../etc/passwd"));

        assertThat(RootfsPaths.resolve(root, "/usr/lib/os-release")).isEqualTo(root.resolve("etc/passwd"));
    }

    @Test
    void chainsOfLinksAreFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("/c"));
        Files.createSymbolicLink(root.resolve("c"), Path.of("etc"));

        assertThat(RootfsPaths.resolve(root, "/a/passwd")).isEqualTo(root.resolve("etc/passwd"));
    }

    @Test
    void missingComponentsAreJoinedAsGiven() {
        assertThat(RootfsPaths.resolve(root, "/no/such/file")).isEqualTo(root.resolve("no/such/file"));
    }

    @Test
    void aLinkLoopIsAnError() throws IOException {
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));

        assertThatThrownBy(() -> RootfsPaths.resolve(root, "/loop1/x"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("too many levels of symbolic links: /loop1/x");
    }

    @Test
    void theRootItselfMayBeGivenRelativeOrUnnormalised() {
        Path messy = dir.resolve("rootfs/../rootfs");

        assertThat(RootfsPaths.resolve(messy, "/etc")).isEqualTo(root.toAbsolutePath().resolve("etc"));
    }

    @Test
    void isDirectoryDoesNotFollowLinks() throws IOException {
        Path link = Files.createSymbolicLink(root.resolve("etclink"), root.resolve("etc"));

        assertThat(RootfsPaths.isDirectory(root.resolve("etc"))).isTrue();
        assertThat(RootfsPaths.isDirectory(link)).isFalse();
    }
}
