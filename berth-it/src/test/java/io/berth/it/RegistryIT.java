package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Exec;
import io.berth.testing.BerthdExtension;
import io.berth.testing.LocalRegistry;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pull and push against a real registry (Debian's docker-registry on 127.0.0.1, plain HTTP), with
 * Berth's CLI, the docker CLI, and skopeo as an independent peer.
 */
@RequiresRoot
class RegistryIT {
    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.onTempStorage();

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[a-f0-9]{64}) size: (\\d+)");

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static String ref(String rest) {
        return registry.host() + "/" + rest;
    }

    @Test
    void busyboxPushedByBerthIsRemovedPulledBackAndRuns() {
        String id = berthd.client().images().inspect("busybox").id();
        assertThat(berthd.berth("tag", "busybox", ref("berth/busybox:1")).exitCode()).isZero();

        BerthdExtension.CliResult push, again, rmi, pull, run;
        try {
            push = berthd.berth("push", ref("berth/busybox:1"));
            again = berthd.berth("push", ref("berth/busybox:1"));
            rmi = berthd.berth("rmi", "-f", id); // every tag (other tests add some), and the image

            pull = berthd.berth("pull", ref("berth/busybox:1"));
            run = berthd.berth("run", "--rm", ref("berth/busybox:1"), "echo", "pulled");
        } finally {
            berthd.bootstrapBusybox(); // the same image again (bootstrap is reproducible), for the other tests
        }

        assertThat(push.exitCode()).as(push.err()).isZero();
        assertThat(push.out()).startsWith("The push refers to repository [" + ref("berth/busybox") + "]\n")
                .containsPattern(": (Pushed|Mounted from " + Pattern.quote(registry.host()) + "/.*)\n") // another test may have pushed it
                .containsPattern("1: digest: sha256:[a-f0-9]{64} size: \\d+\n");
        assertThat(again.out()).contains(": Layer already exists\n");
        Matcher pushed = DIGEST.matcher(push.out());
        assertThat(pushed.find()).isTrue();
        assertThat(rmi.out()).contains("Deleted: " + id);
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out()).startsWith("1: Pulling from berth/busybox" + "\n")
                .contains(": Pulling fs layer\n", ": Download complete\n", ": Pull complete\n")
                .endsWith("Digest: " + pushed.group(1) + "\n"
                        + "Status: Downloaded newer image for " + ref("berth/busybox:1") + "\n"
                        + ref("berth/busybox:1") + "\n");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("pulled\n");
        var inspect = berthd.client().images().inspect(ref("berth/busybox:1"));
        assertThat(inspect.id()).isEqualTo(id);
        assertThat(inspect.repoDigests()).contains(ref("berth/busybox@") + pushed.group(1));
    }

    @Test
    void theDockerCliPushesPullsAndRunsThroughBerthd() {
        berthd.docker("tag", "busybox", ref("docker/busybox:2"));

        var push = berthd.docker("push", ref("docker/busybox:2"));
        berthd.docker("rmi", ref("docker/busybox:2"));
        var pull = berthd.docker("pull", ref("docker/busybox:2"));
        berthd.docker("tag", "busybox", ref("docker/other:3"));
        var mounted = berthd.docker("push", ref("docker/other:3"));
        berthd.docker("rmi", ref("docker/busybox:2"));
        var run = berthd.docker("run", "--rm", ref("docker/busybox:2"), "echo", "implicit");
        var missing = berthd.docker("pull", ref("docker/nothing:1"));
        var notLocal = berthd.docker("push", ref("docker/never-tagged:1"));

        assertThat(push.exitCode()).as(push.err()).isZero();
        assertThat(push.out()).contains("The push refers to repository [" + ref("docker/busybox") + "]")
                .containsPattern("2: digest: sha256:[a-f0-9]{64} size: \\d+");
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out()).contains("2: Pulling from docker/busybox", "Digest: sha256:",
                "Status: Downloaded newer image for " + ref("docker/busybox:2"), ref("docker/busybox:2"));
        assertThat(mounted.out()).contains("Mounted from " + ref("docker/busybox"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("Unable to find image '" + ref("docker/busybox:2") + "' locally",
                "Status: Downloaded newer image for " + ref("docker/busybox:2"));
        assertThat(run.out()).isEqualTo("implicit\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("Error response from daemon: manifest for " + ref("docker/nothing:1")
                + " not found: manifest unknown: manifest unknown");
        assertThat(notLocal.exitCode()).isEqualTo(1);
        assertThat(notLocal.err()).contains("An image does not exist locally with the tag: " + ref("docker/never-tagged"));
    }

    @Test
    void aLayerWhoseBytesDoNotMatchItsDigestIsRejectedAndNothingIsStored() throws Exception {
        var skopeoPush = skopeo("copy", "--dest-tls-verify=false", "--dest-compress",
                "docker-archive:" + saveBusybox("corrupt"), "docker://" + ref("bad/busybox:1"));
        assertThat(skopeoPush.exitCode()).as(skopeoPush.err()).isZero();
        var manifest = io.berth.common.Json.tree(skopeo("inspect", "--tls-verify=false", "--raw",
                "docker://" + ref("bad/busybox:1")).out().getBytes());
        String layer = manifest.path("layers").get(0).path("digest").asText();
        Path data = registry.storage().resolve("docker/registry/v2/blobs/sha256/" + layer.substring(7, 9) + "/"
                + layer.substring(7) + "/data");
        byte[] original = Files.readAllBytes(data);
        byte[] bytes = original.clone();
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(data, bytes);

        BerthdExtension.CliResult pull;
        try {
            pull = berthd.berth("pull", ref("bad/busybox:1"));
        } finally {
            Files.write(data, original); // skopeo may reuse this blob for another test's push
        }

        assertThat(pull.exitCode()).isNotZero();
        assertThat(pull.err()).contains("filesystem layer verification failed for digest " + layer);
        assertThat(berthd.dataRoot().resolve("blobs/sha256/" + layer.substring(7))).doesNotExist();
        try (Stream<Path> ingest = Files.list(berthd.dataRoot().resolve("blobs/ingest"))) {
            assertThat(ingest).isEmpty();
        }
        assertThat(berthd.berth("images", "-q", ref("bad/busybox")).out()).isEmpty();
    }

    @Test
    void skopeoReadsWhatBerthPushesAndBerthRunsWhatSkopeoPushes() throws Exception {
        berthd.berth("tag", "busybox", ref("interop/busybox:b"));
        var push = berthd.berth("push", ref("interop/busybox:b"));
        Matcher pushed = DIGEST.matcher(push.out());
        assertThat(pushed.find()).as(push.out() + push.err()).isTrue();

        var inspect = skopeo("inspect", "--tls-verify=false", "docker://" + ref("interop/busybox:b"));
        var copy = skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--preserve-digests",
                "docker://" + ref("interop/busybox:b"), "docker://" + ref("interop/copy:c"));
        var copied = skopeo("inspect", "--tls-verify=false", "docker://" + ref("interop/copy:c"));
        var zstd = skopeo("copy", "--dest-tls-verify=false", "--format", "oci", "--dest-compress-format", "zstd",
                "docker-archive:" + saveBusybox("oci"), "docker://" + ref("interop/oci:zstd"));
        var raw = io.berth.common.Json.tree(skopeo("inspect", "--tls-verify=false", "--raw",
                "docker://" + ref("interop/oci:zstd")).out().getBytes());
        var pullOci = berthd.berth("pull", ref("interop/oci:zstd"));
        var run = berthd.berth("run", "--rm", ref("interop/oci:zstd"), "echo", "from-skopeo");

        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(io.berth.common.Json.tree(inspect.out().getBytes()).path("Digest").asText()).isEqualTo(pushed.group(1));
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(io.berth.common.Json.tree(copied.out().getBytes()).path("Digest").asText()).isEqualTo(pushed.group(1));
        assertThat(zstd.exitCode()).as(zstd.err()).isZero();
        assertThat(raw.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        // skopeo 1.9 compresses with gzip for a registry whatever the format asked (zstd is covered by PullPushTest)
        assertThat(raw.path("layers").get(0).path("mediaType").asText()).startsWith("application/vnd.oci.image.layer.v1.tar+");
        assertThat(pullOci.exitCode()).as(pullOci.err()).isZero();
        assertThat(pullOci.out()).contains("Digest: sha256:"); // skopeo may reuse the layer Berth pushed: "Already exists"
        assertThat(run.out()).isEqualTo("from-skopeo\n");
    }

    @Test
    void pullAllTagsAndQuiet() {
        berthd.berth("tag", "busybox", ref("tags/busybox:a"));
        berthd.berth("tag", "busybox", ref("tags/busybox:b"));
        assertThat(berthd.berth("push", "-a", ref("tags/busybox")).exitCode()).isZero();
        berthd.berth("rmi", ref("tags/busybox:a"), ref("tags/busybox:b"));

        var all = berthd.berth("pull", "-a", ref("tags/busybox"));
        var quiet = berthd.berth("pull", "-q", ref("tags/busybox:a"));

        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("a: Pulling from tags/busybox", "b: Pulling from tags/busybox")
                .endsWith("Status: Downloaded newer image for " + ref("tags/busybox") + "\n" + ref("tags/busybox") + "\n");
        assertThat(berthd.client().images().inspect(ref("tags/busybox:b")).id())
                .isEqualTo(berthd.client().images().inspect("busybox").id());
        assertThat(quiet.out()).isEqualTo(ref("tags/busybox:a") + "\n");
    }

    @Test
    void pullByDigestAndByPlatformFromAnIndex() throws Exception {
        Path layout = io.berth.testing.ImageFixtures.multiPlatformLayout(berthd.root().resolve("multi-layout"));
        var copy = skopeo("copy", "--all", "--dest-tls-verify=false", "oci:" + layout + ":multi",
                "docker://" + ref("multi/img:1"));
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        String indexDigest = "sha256:" + io.berth.common.Digest.sha256(skopeo("inspect", "--raw", "--tls-verify=false",
                "docker://" + ref("multi/img:1")).out().getBytes(java.nio.charset.StandardCharsets.UTF_8)).encoded();

        var host = berthd.berth("pull", ref("multi/img:1"));
        var hostEnv = berthd.berth("run", "--rm", ref("multi/img:1"));
        var arm = berthd.berth("pull", "--platform", "linux/arm64", ref("multi/img:1"));
        String armArch = berthd.client().images().inspect(ref("multi/img:1")).architecture();
        var byDigest = berthd.berth("pull", ref("multi/img@") + indexDigest);
        var dockerByDigest = berthd.docker("pull", ref("multi/img@") + indexDigest);
        var none = berthd.berth("pull", "--platform", "linux/s390x", ref("multi/img:1"));

        assertThat(host.exitCode()).as(host.err()).isZero();
        assertThat(hostEnv.out()).contains("ARCH=amd64");
        assertThat(arm.exitCode()).as(arm.err()).isZero();
        assertThat(armArch).isEqualTo("arm64");
        assertThat(byDigest.exitCode()).as(byDigest.err()).isZero();
        assertThat(byDigest.out()).startsWith(indexDigest + ": Pulling from multi/img\n")
                // the host's image of that index is here already (pulled by tag above)
                .endsWith("Digest: " + indexDigest + "\nStatus: Image is up to date for " + ref("multi/img@") + indexDigest
                        + "\n" + ref("multi/img@") + indexDigest + "\n");
        assertThat(dockerByDigest.exitCode()).as(dockerByDigest.err()).isZero();
        assertThat(dockerByDigest.out()).contains("Digest: " + indexDigest);
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.err()).contains("no matching manifest for linux/s390x in the manifest list entries");
    }

    private static Path saveBusybox(String name) throws Exception {
        Path archive = berthd.root().resolve(name + ".tar");
        try (var out = Files.newOutputStream(archive)) {
            berthd.client().images().save(List.of("busybox:latest"), out);
        }
        return archive;
    }

    private static io.berth.common.ExecResult skopeo(String... args) {
        var argv = new java.util.ArrayList<String>(List.of("/usr/bin/skopeo"));
        argv.addAll(List.of(args));
        return Exec.run(argv, Map.of(), null, Duration.ofMinutes(2));
    }
}
