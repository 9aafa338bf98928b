package io.berth.common.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.linux.ErrnoException;
import io.berth.common.linux.Fd;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths resolved as inside a chroot: the symlink-escape corpus never reaches the files beside the root. */
class RootedFsTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host secret");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "container passwd");
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("rootlink"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));
        Files.createSymbolicLink(root.resolve("a/b/deep"), Path.of("../../../../../../.."));
        Files.createSymbolicLink(root.resolve("hostpath"), outside.resolve("secret"));
        Files.createSymbolicLink(root.resolve("hostdir"), outside);
        Files.createSymbolicLink(root.resolve("etclink"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("relative"), Path.of("etc/passwd"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(root.resolve("proc-self"), Path.of("/proc/self/root"));
    }

    private static String read(RootedFs.Node node) throws IOException {
        try (InputStream in = node.fd().read()) {
            return new String(in.readAllBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rootlink/etc/passwd", "/up/etc/passwd", "/a/b/deep/etc/passwd", "../../etc/passwd",
            "/etclink/passwd", "/relative", "/a/../../../etc/passwd", "rootlink/rootlink/up/etc/passwd"})
    void linksAndDotsStayInsideTheRoot(String path) throws IOException {
        try (var fs = RootedFs.open(root, List.of()); var node = fs.resolve(path, true)) {
            assertThat(read(node)).isEqualTo("container passwd");
            assertThat(node.path()).isEqualTo("/etc/passwd");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/up/" + "outside/secret", "/rootlink/../outside/secret", "/hostpath", "/hostdir/secret",
            "/a/b/deep/outside/secret", "/proc-self/etc/passwd"})
    void nothingBesideTheRootIsReached(String path) {
        try (var fs = RootedFs.open(root, List.of())) {
            assertThatThrownBy(() -> fs.resolve(path, true).close()).isInstanceOf(ErrnoException.class)
                    .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Fd.ENOENT));
        }
    }

    @Test
    void theLastLinkIsFollowedOnlyWhenAsked() {
        try (var fs = RootedFs.open(root, List.of()); var link = fs.resolve("/rootlink", false);
             var dir = fs.resolve("/rootlink/", false)) {
            assertThat(link.stat().isSymlink()).isTrue();
            assertThat(dir.stat().isDirectory()).isTrue();
            assertThat(dir.path()).isEqualTo("/");
        }
    }

    @Test
    void loopsEndWithEloop() {
        try (var fs = RootedFs.open(root, List.of())) {
            assertThatThrownBy(() -> fs.resolve("/loop", true)).isInstanceOf(ErrnoException.class)
                    .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Fd.ELOOP));
        }
    }

    @Test
    void mountsAreSplicedInWhereTheRootsLinksPutThem() throws IOException {
        Path volume = Files.createDirectories(tmp.resolve("volume"));
        Files.writeString(volume.resolve("data"), "in the volume");
        Files.createSymbolicLink(root.resolve("vol-link"), Path.of("/a/b"));
        try (var fs = RootedFs.open(root, List.of(new RootedFs.Mount("/vol-link/v", volume, false)))) {
            try (var data = fs.resolve("/a/b/v/data", true)) {
                assertThat(read(data)).isEqualTo("in the volume");
                assertThat(data.mount()).hasValueSatisfying(m -> assertThat(m.writable()).isFalse());
            }
            try (var back = fs.resolve("/a/b/v/../../../etc/passwd", true)) {
                assertThat(read(back)).isEqualTo("container passwd");
                assertThat(back.mount()).isEmpty();
            }
            try (var dir = fs.resolve("/a/b", true)) {
                assertThat(fs.list(dir)).contains("v", "deep");
            }
            assertThat(fs.isMountPoint("/a/b/v")).isTrue();
        }
    }

    @Test
    void canonicalResolvesTheExistingPartOnly() {
        try (var fs = RootedFs.open(root, List.of())) {
            assertThat(fs.canonical("/etclink/new/x")).isEqualTo("/etc/new/x");
            assertThat(fs.canonical("/up/missing/../etc")).isEqualTo("/etc");
            assertThat(fs.canonical("/relative")).isEqualTo("/etc/passwd");
        }
    }

    @Test
    void directoriesAreMadeThroughLinksButInsideTheRoot() throws IOException {
        try (var fs = RootedFs.open(root, List.of());
             var made = fs.resolveDirectoryCreating("/rootlink/up/made/deeper", 0755, _ -> { })) {
            assertThat(made.path()).isEqualTo("/made/deeper");
        }
        assertThat(root.resolve("made/deeper")).isDirectory();
        assertThat(tmp.resolve("made")).doesNotExist();
    }
}
