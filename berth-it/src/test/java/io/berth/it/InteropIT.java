package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.AtomicFiles;
import io.berth.common.Exec;
import io.berth.common.ExecResult;
import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Archives and layouts shared with independent tools: what {@code berth save} writes is read by
 * skopeo as a docker-archive and as an OCI archive (same config, same layers); OCI layouts made by
 * skopeo and by umoci (an image built from scratch around the host's busybox) load with
 * {@code berth load} and run.
 */
@RequiresRoot
class InteropIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static ExecResult run(String... argv) {
        var result = Exec.run(List.of(argv), Map.of(), null, Duration.ofMinutes(2));
        assertThat(result.exitCode()).as(String.join(" ", argv) + "\n" + result.err()).isZero();
        return result;
    }

    private static JsonNode json(ExecResult result) {
        return Json.tree(result.out().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void skopeoReadsWhatBerthSavesAndBerthLoadsWhatSkopeoWrites() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "berth-interop-");
        try {
            String id = berthd.client().images().inspect("busybox").id();
            List<String> diffIds = berthd.client().images().inspect("busybox").rootFS().layers();
            Path saved = dir.resolve("saved.tar");
            var save = berthd.berth("save", "-o", saved.toString(), "busybox");
            assertThat(save.exitCode()).as(save.err()).isZero();

            JsonNode asDocker = json(run("skopeo", "inspect", "--config", "docker-archive:" + saved));
            JsonNode rawDocker = json(run("skopeo", "inspect", "--raw", "docker-archive:" + saved));
            JsonNode rawOci = json(run("skopeo", "inspect", "--raw", "oci-archive:" + saved));
            run("skopeo", "copy", "docker-archive:" + saved, "oci:" + dir.resolve("layout") + ":copied");

            // skopeo's OCI layout (skopeo rewrites the config as an OCI config), as a tar, loads back with the same layers
            JsonNode index = Json.tree(Files.readAllBytes(dir.resolve("layout/index.json")));
            JsonNode manifest = Json.tree(Files.readAllBytes(dir.resolve("layout/blobs/sha256").resolve(
                    index.path("manifests").get(0).path("digest").asText().substring("sha256:".length()))));
            String skopeoId = manifest.path("config").path("digest").asText();
            Path layoutTar = dir.resolve("layout.tar");
            run("tar", "-C", dir.resolve("layout").toString(), "-cf", layoutTar.toString(), ".");
            berthd.berth("rmi", "-f", id);
            BerthdExtension.CliResult load, runIt;
            List<String> loadedLayers;
            try {
                load = berthd.berth("load", "-i", layoutTar.toString());
                runIt = berthd.berth("run", "--rm", skopeoId.substring("sha256:".length(), 19), "echo", "from-skopeo-layout");
                loadedLayers = berthd.client().images().inspect(skopeoId).rootFS().layers();
            } finally {
                berthd.bootstrapBusybox();
            }

            var skopeoDiffIds = new ArrayList<String>();
            asDocker.path("rootfs").path("diff_ids").forEach(d -> skopeoDiffIds.add(d.asText()));
            assertThat(skopeoDiffIds).isEqualTo(diffIds);
            assertThat(rawDocker.path("config").path("digest").asText()).isEqualTo(id);
            assertThat(rawOci.path("config").path("digest").asText()).isEqualTo(id);
            assertThat(rawOci.path("layers")).hasSize(diffIds.size());
            assertThat(load.exitCode()).as(load.err()).isZero();
            assertThat(load.out()).contains("Loaded image ID: " + skopeoId);
            assertThat(loadedLayers).isEqualTo(diffIds);
            assertThat(runIt.exitCode()).as(runIt.err()).isZero();
            assertThat(runIt.out()).isEqualTo("from-skopeo-layout\n");
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }

    @Test
    void anImageMadeByUmociLoadsAndRuns() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "berth-umoci-");
        try {
            String layout = dir.resolve("layout").toString();
            Path bundle = dir.resolve("bundle");
            run("umoci", "init", "--layout", layout);
            run("umoci", "new", "--image", layout + ":hello");
            run("umoci", "unpack", "--rootless", "--image", layout + ":hello", bundle.toString());
            Files.createDirectories(bundle.resolve("rootfs/bin"));
            Files.copy(Path.of("/bin/busybox"), bundle.resolve("rootfs/bin/busybox"));
            Files.createSymbolicLink(bundle.resolve("rootfs/bin/sh"), Path.of("busybox"));
            Files.writeString(bundle.resolve("rootfs/greeting"), "made by umoci\n");
            run("umoci", "repack", "--image", layout + ":hello", bundle.toString());
            run("umoci", "config", "--image", layout + ":hello", "--config.cmd", "/bin/busybox",
                    "--config.cmd", "cat", "--config.cmd", "/greeting", "--config.env", "FROM=umoci");
            Path tar = dir.resolve("umoci.tar");
            run("tar", "-C", layout, "-cf", tar.toString(), ".");
            JsonNode index = Json.tree(Files.readAllBytes(Path.of(layout, "index.json")));
            String manifestDigest = index.path("manifests").get(0).path("digest").asText();
            JsonNode manifest = Json.tree(Files.readAllBytes(Path.of(layout, "blobs/sha256",
                    manifestDigest.substring("sha256:".length()))));
            String configDigest = manifest.path("config").path("digest").asText();

            var load = berthd.berth("load", "-i", tar.toString());
            var runIt = berthd.berth("run", "--rm", configDigest.substring("sha256:".length(), 19));
            var env = berthd.berth("run", "--rm", configDigest.substring("sha256:".length(), 19), "/bin/busybox", "env");

            assertThat(load.exitCode()).as(load.err()).isZero();
            assertThat(load.out()).contains("Loaded image ID: " + configDigest);
            assertThat(runIt.exitCode()).as(runIt.err()).isZero();
            assertThat(runIt.out()).isEqualTo("made by umoci\n");
            assertThat(env.out()).contains("FROM=umoci");
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }
}
