package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.AtomicFiles;
import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.LocalRegistry;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * daemon.json {@code registry-mirrors}: Docker Hub's (a test daemon refuses Docker Hub itself, so
 * only the mirror can answer) and any other registry's (a map), asked in order before the registry.
 */
@RequiresRoot
class RegistryMirrorIT {
    /** Nothing listens on port 1 of loopback: a registry or mirror that is down. */
    private static final String DEAD = "127.0.0.1:1";
    private static final Path CONFIG = tempFile();

    @RegisterExtension
    @Order(1)
    static final LocalRegistry mirror = LocalRegistry.onTempStorage();

    @RegisterExtension
    @Order(2)
    static final LocalRegistry origin = LocalRegistry.onTempStorage();

    @RegisterExtension
    @Order(3)
    static final BeforeAllCallback daemonJson = context -> Files.writeString(CONFIG, Json.write(Map.of(
            "bip", BerthdExtension.randomBridgeSubnet(),
            "registry-mirrors", Map.of(
                    "docker.io", List.of("http://" + mirror.host()),
                    DEAD, List.of("http://" + mirror.host() + "/"),
                    origin.host(), List.of("http://" + DEAD, "http://" + mirror.host())))));

    @RegisterExtension
    @Order(4)
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot("--config-file", CONFIG.toString());

    private static Path tempFile() {
        try {
            return Files.createTempFile(Path.of("/tmp"), "berth-mirror-daemon-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Files.deleteIfExists(CONFIG);
    }

    private String push(String ref) {
        assertThat(berthd.berth("tag", "busybox", ref).exitCode()).isZero();
        var push = berthd.berth("push", ref);
        assertThat(push.exitCode()).as(push.err()).isZero();
        berthd.berth("rmi", ref);
        return ref;
    }

    @Test
    void dockerHubNamesArePulledFromTheirMirror() {
        push(mirror.host() + "/library/busybox:mirrored");

        var pull = berthd.berth("pull", "busybox:mirrored");
        var run = berthd.berth("run", "--rm", "busybox:mirrored", "echo", "via-mirror");
        var missing = berthd.berth("pull", "busybox:not-on-the-mirror");

        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out()).startsWith("mirrored: Pulling from library/busybox\n")
                .endsWith("Status: Downloaded newer image for busybox:mirrored\ndocker.io/library/busybox:mirrored\n");
        assertThat(run.out()).isEqualTo("via-mirror\n");
        // the mirror has no such tag; Docker Hub itself is refused by this loopback-only daemon
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("registry docker.io is not reachable from this daemon");
    }

    @Test
    void infoShowsTheMirrors() {
        var berthInfo = berthd.berth("info");
        var dockerInfo = berthd.docker("info");
        var registryConfig = berthd.client().info().registryConfig();

        assertThat(berthInfo.out()).contains(" Registry Mirrors:\n  http://" + mirror.host() + "/\n");
        assertThat(dockerInfo.out()).contains(" Registry Mirrors:\n  http://" + mirror.host() + "/\n");
        assertThat(registryConfig.indexConfigs().get(origin.host()).mirrors())
                .containsExactly("http://" + DEAD + "/", "http://" + mirror.host() + "/");
    }

    @Test
    void anyRegistryCanHaveMirrorsAskedInOrderBeforeIt() {
        push(mirror.host() + "/only/on-mirror:1");
        push(origin.host() + "/only/on-origin:1");

        // the registry is down; its mirror has the image
        var fromMirror = berthd.berth("pull", DEAD + "/only/on-mirror:1");
        // the first mirror is down, the second lacks the image: the registry itself answers
        var fromOrigin = berthd.berth("pull", origin.host() + "/only/on-origin:1");
        var nowhere = berthd.berth("pull", DEAD + "/only/nowhere:1");

        assertThat(fromMirror.exitCode()).as(fromMirror.err()).isZero();
        assertThat(fromMirror.out()).contains("Status: Downloaded newer image for " + DEAD + "/only/on-mirror:1");
        assertThat(fromOrigin.exitCode()).as(fromOrigin.err()).isZero();
        assertThat(fromOrigin.out()).contains("Status: Downloaded newer image for " + origin.host() + "/only/on-origin:1");
        assertThat(nowhere.exitCode()).isNotZero();
        assertThat(nowhere.err()).contains("http://" + DEAD + "/v2/only/nowhere/manifests/1", "connection refused");
    }

    @Test
    void theMirrorIsPreferredWhenBothHaveTheTag() throws Exception {
        push(origin.host() + "/both/img:1");
        // the mirror's copy of the tag is another image: an empty-ish one made by import
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "berth-mirror-img-");
        try {
            Files.writeString(dir.resolve("marker"), "mirror\n");
            var tar = new ProcessBuilder("tar", "-C", dir.toString(), "-cf", dir.resolve("img.tar").toString(), "marker")
                    .inheritIO().start();
            assertThat(tar.waitFor()).isZero();
            var imported = berthd.berth("import", dir.resolve("img.tar").toString(), mirror.host() + "/both/img:1");
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            String mirrorId = imported.out().strip();
            assertThat(berthd.berth("push", mirror.host() + "/both/img:1").exitCode()).isZero();

            var pull = berthd.berth("pull", origin.host() + "/both/img:1");

            assertThat(pull.exitCode()).as(pull.err()).isZero();
            assertThat(berthd.client().images().inspect(origin.host() + "/both/img:1").id()).isEqualTo(mirrorId);
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }
}
