package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.AtomicFiles;
import io.berth.common.Digest;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.image.ImageStore;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.Index;
import io.berth.image.oci.Manifest;
import io.berth.image.oci.MediaTypes;
import io.berth.image.ref.ImageRef;
import io.berth.store.content.ContentStore;
import io.berth.store.overlay.LayerStore;
import io.berth.store.state.StateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull and push against {@link FakeRegistry}, into a real content store, layer store and state. */
class PullPushTest {
    @TempDir
    Path tmp;

    private FakeRegistry registry;
    private ImageStore store;
    private RegistryClient client;
    private final List<Progress> progress = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws IOException {
        registry = new FakeRegistry();
        store = store(tmp.resolve("a"));
        client = new RegistryClient(RegistryHosts.defaults());
    }

    @AfterEach
    void tearDown() {
        registry.close();
        AtomicFiles.deleteTree(tmp);
    }

    private static ImageStore store(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new ImageStore(StateStore.open(dir.resolve("state.db")), new ContentStore(dir.resolve("blobs")),
                new LayerStore(dir.resolve("overlay")));
    }

    private ImageRef ref(String rest) {
        return ImageRef.parse(registry.host() + "/" + rest);
    }

    // --- fixtures ----------------------------------------------------------------------------

    static byte[] tar(String name, String content) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(out)) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            var entry = new TarArchiveEntry(name);
            entry.setSize(bytes.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] data) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var z = new ZstdCompressorOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    static byte[] config(String arch, byte[]... uncompressedLayers) {
        var diffIds = new ArrayList<String>();
        for (byte[] layer : uncompressedLayers) {
            diffIds.add(Digest.sha256(layer).toString());
        }
        return Json.writeBytes(Map.of("architecture", arch, "os", "linux", "created", "2024-01-02T03:04:05Z",
                "config", Map.of("Cmd", List.of("/hello")), "rootfs", Map.of("type", "layers", "diff_ids", diffIds)));
    }

    /** Puts config and layer blobs and a manifest of {@code type}; returns the manifest's bytes. */
    private byte[] image(String manifestType, String layerType, byte[] config, byte[]... layerBlobs) {
        Digest configDigest = registry.putBlob(config);
        var layers = new ArrayList<Descriptor>();
        for (byte[] blob : layerBlobs) {
            layers.add(new Descriptor(layerType, registry.putBlob(blob).toString(), blob.length));
        }
        String configType = manifestType.equals(MediaTypes.OCI_MANIFEST) ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG;
        return Json.writeBytes(new Manifest(2, manifestType, new Descriptor(configType, configDigest.toString(), config.length),
                layers, null));
    }

    private ImagePuller.Result pull(ImageRef ref, Optional<Platform> platform, RegistryAuth auth) {
        var puller = new ImagePuller(client, store);
        return puller.pull(puller.resolve(ref, platform, auth), progress::add);
    }

    private List<String> statuses() {
        return progress.stream().map(p -> switch (p) {
            case Progress.Status s -> (s.id().isEmpty() ? "" : s.id() + ": ") + s.status();
            case Progress.Bytes b -> b.id() + ": " + b.status() + " " + b.current() + "/" + b.total();
            case Progress.PushResult r -> "aux " + r.tag() + " " + r.digest();
        }).toList();
    }

    // --- pull --------------------------------------------------------------------------------

    @Test
    void pullsADockerImageByTagWithDockersProgress() throws IOException {
        byte[] layer = tar("hello", "hi\n");
        byte[] blob = gzip(layer);
        byte[] manifest = image(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, config("amd64", layer), blob);
        Digest manifestDigest = registry.putManifest("app", "1.0", MediaTypes.DOCKER_MANIFEST, manifest);

        var result = pull(ref("app:1.0"), Optional.empty(), RegistryAuth.anonymous());

        String id = Digest.sha256(blob).encoded().substring(0, 12);
        assertThat(result.newer()).isTrue();
        assertThat(store.find(registry.host() + "/app:1.0")).get().extracting(i -> i.id()).isEqualTo(result.image().id());
        assertThat(result.image().repoDigests()).containsExactly(registry.host() + "/app@" + manifestDigest);
        assertThat(Files.readString(store.layers().diffDir(Digest.parse(result.image().layers().getFirst().chainId()))
                .resolve("hello"))).isEqualTo("hi\n");
        assertThat(statuses()).startsWith("1.0: Pulling from app", id + ": Pulling fs layer")
                .contains(id + ": Downloading " + blob.length + "/" + blob.length, id + ": Verifying Checksum",
                        id + ": Download complete", id + ": Pull complete")
                .endsWith("Digest: " + manifestDigest);
    }

    @Test
    void garbageCollectionRemovesWhatNoImageUsesAndKeepsTheRest() throws IOException {
        byte[] layer = tar("hello", "kept\n");
        byte[] blob = gzip(layer);
        registry.putManifest("app", "1", MediaTypes.DOCKER_MANIFEST,
                image(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, config("amd64", layer), blob));
        var image = pull(ref("app:1"), Optional.empty(), RegistryAuth.anonymous()).image();
        // what a daemon killed mid-pull leaves: a named blob and an unpacked layer of an image never registered
        Digest orphanBlob = store.content().write("orphan".getBytes(java.nio.charset.StandardCharsets.UTF_8)).digest();
        var orphanLayer = store.layers().unpack(Optional.empty(), new java.io.ByteArrayInputStream(tar("o", "rphan\n")));
        store.layers().createContainerLayer("c".repeat(64));

        var collected = store.collectGarbage();
        var again = store.collectGarbage();

        assertThat(collected).isEqualTo(new ImageStore.Collected(1, 1));
        assertThat(again).isEqualTo(new ImageStore.Collected(0, 0));
        assertThat(store.content().exists(orphanBlob)).isFalse();
        assertThat(store.layers().exists(orphanLayer.chainId())).isFalse();
        assertThat(store.content().exists(Digest.parse(image.id()))).isTrue();
        assertThat(store.content().exists(Digest.sha256(blob))).isTrue();
        assertThat(store.layers().exists(Digest.parse(image.layers().getFirst().chainId()))).isTrue();
        assertThat(store.layers().containerDir("c".repeat(64)).resolve("work")).isDirectory();
    }

    @Test
    void aSecondPullFindsTheLayersAlreadyThere() throws IOException {
        byte[] layer = tar("hello", "again\n");
        byte[] blob = gzip(layer);
        registry.putManifest("app", "1", MediaTypes.DOCKER_MANIFEST,
                image(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, config("amd64", layer), blob));
        pull(ref("app:1"), Optional.empty(), RegistryAuth.anonymous());
        progress.clear();
        long blobGets = registry.count("GET /v2/app/blobs/");

        var again = pull(ref("app:1"), Optional.empty(), RegistryAuth.anonymous());

        assertThat(again.newer()).isFalse();
        assertThat(statuses()).contains(Digest.sha256(blob).encoded().substring(0, 12) + ": Already exists");
        assertThat(registry.count("GET /v2/app/blobs/")).isEqualTo(blobGets);
    }

    @Test
    void theLowerLayersUnpackWhileAHigherOneStillDownloads() throws IOException {
        byte[] bottom = tar("a", "bottom\n");
        byte[] top = tar("b", "top\n");
        byte[] bottomBlob = gzip(bottom);
        byte[] topBlob = gzip(top);
        byte[] manifest = image(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, config("amd64", bottom, top),
                bottomBlob, topBlob);
        registry.putManifest("piped", "1", MediaTypes.DOCKER_MANIFEST, manifest);
        String bottomId = Digest.sha256(bottomBlob).encoded().substring(0, 12);
        // the top layer is served only once the bottom one is unpacked: a pull that unpacked after
        // every download would wait for it in vain (and fail when the gate times out)
        var gate = new java.util.concurrent.CountDownLatch(1);
        registry.blobGates.put(Digest.sha256(topBlob).toString(), gate);
        var puller = new ImagePuller(client, store);

        var result = puller.pull(puller.resolve(ref("piped:1"), Optional.empty(), RegistryAuth.anonymous()), p -> {
            progress.add(p);
            if (p instanceof Progress.Status s && s.id().equals(bottomId) && s.status().equals("Pull complete")) {
                gate.countDown();
            }
        });

        assertThat(gate.getCount()).isZero();
        assertThat(Files.readString(store.layers().diffDir(Digest.parse(result.image().layers().get(1).chainId()))
                .resolve("b"))).isEqualTo("top\n");
        assertThat(statuses()).containsSubsequence(bottomId + ": Pull complete",
                Digest.sha256(topBlob).encoded().substring(0, 12) + ": Pull complete");
    }

    @Test
    void pullsAnOciImageWithZstdAndUncompressedLayersByDigest() throws IOException {
        byte[] bottom = tar("a", "zstd layer\n");
        byte[] top = tar("b", "plain layer\n");
        byte[] config = config("amd64", bottom, top);
        Digest configDigest = registry.putBlob(config);
        var layers = List.of(
                new Descriptor(MediaTypes.OCI_LAYER_ZSTD, registry.putBlob(zstd(bottom)).toString(), zstd(bottom).length),
                new Descriptor(MediaTypes.OCI_LAYER, registry.putBlob(top).toString(), top.length));
        byte[] manifest = Json.writeBytes(new Manifest(2, MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, configDigest.toString(), config.length), layers, null));
        Digest digest = registry.putManifest("oci", null, MediaTypes.OCI_MANIFEST, manifest);

        var result = pull(ImageRef.parse(registry.host() + "/oci@" + digest), Optional.empty(), RegistryAuth.anonymous());

        assertThat(result.image().id()).isEqualTo(configDigest.toString());
        assertThat(result.image().layers()).extracting(l -> l.mediaType())
                .containsExactly(MediaTypes.OCI_LAYER_ZSTD, MediaTypes.OCI_LAYER);
        Path topDir = store.layers().diffDir(Digest.parse(result.image().layers().get(1).chainId()));
        assertThat(Files.readString(store.layers().diffDir(Digest.parse(result.image().layers().get(0).chainId()))
                .resolve("a"))).isEqualTo("zstd layer\n");
        assertThat(Files.readString(topDir.resolve("b"))).isEqualTo("plain layer\n");
        assertThat(store.find(registry.host() + "/oci@" + digest)).isPresent();
    }

    @Test
    void anIndexGivesTheHostsManifestOrTheOneAskedFor() throws IOException {
        byte[] amdLayer = tar("arch", "amd64\n");
        byte[] armLayer = tar("arch", "arm64\n");
        byte[] amd = image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_LAYER, config("amd64", amdLayer), amdLayer);
        byte[] arm = image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_LAYER, config("arm64", armLayer), armLayer);
        Digest amdDigest = registry.putManifest("multi", null, MediaTypes.OCI_MANIFEST, amd);
        Digest armDigest = registry.putManifest("multi", null, MediaTypes.OCI_MANIFEST, arm);
        byte[] index = Json.writeBytes(new Index(2, MediaTypes.OCI_INDEX, List.of(
                new Descriptor(MediaTypes.OCI_MANIFEST, armDigest.toString(), arm.length, null,
                        new Descriptor.Platform("arm64", "linux", "v8")),
                new Descriptor(MediaTypes.OCI_MANIFEST, amdDigest.toString(), amd.length, null,
                        new Descriptor.Platform("amd64", "linux", null))), null));
        Digest indexDigest = registry.putManifest("multi", "latest", MediaTypes.OCI_INDEX, index);
        var puller = new ImagePuller(client, store);

        var host = puller.resolve(ref("multi"), Optional.of(Platform.parse("linux/amd64")), RegistryAuth.anonymous());
        var arm64 = puller.resolve(ref("multi"), Optional.of(Platform.parse("linux/arm64/v8")), RegistryAuth.anonymous());

        assertThat(host.digest()).isEqualTo(indexDigest);
        assertThat(host.manifest().layers().getFirst().digest()).isEqualTo(Digest.sha256(amdLayer).toString());
        assertThat(arm64.manifest().layers().getFirst().digest()).isEqualTo(Digest.sha256(armLayer).toString());
        assertThatThrownBy(() -> puller.resolve(ref("multi"), Optional.of(Platform.parse("linux/s390x")),
                RegistryAuth.anonymous()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no matching manifest for linux/s390x in the manifest list entries");
    }

    @Test
    void aLayerWhoseBytesDoNotMatchItsDigestIsRejectedAndNothingIsStored() throws IOException {
        byte[] layer = tar("evil", "expected\n");
        byte[] blob = gzip(layer);
        registry.putManifest("bad", "1", MediaTypes.DOCKER_MANIFEST,
                image(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, config("amd64", layer), blob));
        Digest digest = Digest.sha256(blob);
        registry.blobs.put(digest.toString(), gzip(tar("evil", "tampered\n")));

        assertThatThrownBy(() -> pull(ref("bad:1"), Optional.empty(), RegistryAuth.anonymous()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("filesystem layer verification failed for digest " + digest);

        assertThat(store.content().exists(digest)).isFalse();
        try (var ingest = Files.list(tmp.resolve("a/blobs/ingest"))) {
            assertThat(ingest).isEmpty();
        }
        assertThat(store.list()).isEmpty();
        assertThat(store.find(registry.host() + "/bad:1")).isEmpty();
    }

    @Test
    void aMissingTagIsDockersManifestUnknown() {
        assertThatThrownBy(() -> new ImagePuller(client, store).resolve(ref("nope:1"), Optional.empty(),
                RegistryAuth.anonymous()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("manifest for " + registry.host() + "/nope:1 not found: manifest unknown: manifest unknown");
    }

    @Test
    void bearerChallengesAreAnsweredWithATokenForTheCredentials() throws IOException {
        byte[] layer = tar("secret", "s\n");
        registry.putManifest("private", "1", MediaTypes.DOCKER_MANIFEST,
                image(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER, config("amd64", layer), layer));
        registry.requireAuth("alice", "wonderland");

        var result = pull(ref("private:1"), Optional.empty(), new RegistryAuth("alice", "wonderland", null, null, null));

        assertThat(result.image().layers()).hasSize(1);
        assertThat(registry.count("GET /token")).isEqualTo(1); // the token is kept for the requests that follow
        assertThatThrownBy(() -> new ImagePuller(client, store).resolve(ref("private:1"), Optional.empty(),
                RegistryAuth.anonymous()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("pull access denied for " + registry.host()
                        + "/private, repository does not exist or may require 'docker login': ");
    }

    // --- push --------------------------------------------------------------------------------

    @Test
    void pushUploadsWhatTheRegistryLacksAndThePulledImageComesBackIdentical() throws IOException {
        byte[] layer = tar("hello", "push me\n");
        byte[] blob = gzip(layer);
        byte[] manifest = image(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LAYER_GZIP, config("amd64", layer), blob);
        Digest original = registry.putManifest("src", "1", MediaTypes.DOCKER_MANIFEST, manifest);
        var image = pull(ref("src:1"), Optional.empty(), RegistryAuth.anonymous()).image();
        var pusher = new ImagePusher(client, store);
        progress.clear();

        var pushed = pusher.push(image, ref("dst:2"), RegistryAuth.anonymous(), progress::add);

        String diffId = Digest.sha256(layer).encoded().substring(0, 12);
        assertThat(pushed.digest()).isEqualTo(original); // same blobs, same config: the same manifest
        assertThat(statuses()).startsWith(diffId + ": Preparing")
                .contains(diffId + ": Layer already exists") // the fake mounts by digest: HEAD finds it
                .contains("2: digest: " + original + " size: " + manifest.length)
                .endsWith("aux 2 " + original);
        assertThat(store.byId(image.id()).orElseThrow().repoDigests()).contains(registry.host() + "/dst@" + original);
    }

    @Test
    void largeBlobsGoUpInChunksAndSmallOnesWhole() throws IOException {
        var random = new java.util.Random(7);
        byte[] noise = new byte[10_000];
        random.nextBytes(noise);
        byte[] layer = tar("noise", java.util.Base64.getEncoder().encodeToString(noise));
        byte[] blob = gzip(layer);
        byte[] config = config("amd64", layer);
        Digest configDigest = store.content().write(config).digest();
        var stored = store.content().write(blob);
        var image = store.add(configDigest, List.of(new io.berth.image.LayerBlob(stored.digest(),
                MediaTypes.DOCKER_LAYER_GZIP, stored.size())), Optional.empty());
        var pusher = new ImagePusher(client, store, 4096); // the layer is over 4 KiB, the config under

        pusher.push(image, ref("chunked:1"), RegistryAuth.anonymous(), progress::add);

        assertThat(registry.count("PATCH /v2/chunked/blobs/uploads/")).isEqualTo((blob.length + 4095) / 4096);
        assertThat(registry.blobs.get(stored.digest().toString())).isEqualTo(blob);
        assertThat(registry.blobs.get(configDigest.toString())).isEqualTo(config);
        assertThat(registry.count("PUT /v2/chunked/blobs/uploads/")).isEqualTo(2);
    }

    @Test
    void pushCompressesPlainLayersAsDockerDoesAndKeepsTheCopy() throws IOException {
        byte[] layer = tar("fresh", "new\n");
        byte[] config = config("amd64", layer);
        Digest configDigest = store.content().write(config).digest();
        var plain = store.content().write(layer);
        var image = store.add(configDigest, List.of(new io.berth.image.LayerBlob(plain.digest(), MediaTypes.DOCKER_LAYER,
                plain.size())), Optional.empty());
        var pusher = new ImagePusher(client, store);

        var pushed = pusher.push(image, ref("fresh:1"), RegistryAuth.anonymous(), progress::add);
        var again = pusher.push(store.byId(image.id()).orElseThrow(), ref("fresh:2"), RegistryAuth.anonymous(), p -> { });

        Manifest stored = Json.read(registry.manifests.get("fresh:1").bytes(), Manifest.class);
        assertThat(stored.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(stored.config().digest()).isEqualTo(configDigest.toString());
        assertThat(stored.layers()).singleElement().satisfies(d -> {
            assertThat(d.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
            byte[] uploaded = registry.blobs.get(d.digest());
            assertThat(uploaded).hasSize((int) d.size());
            assertThat(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(uploaded)).readAllBytes())
                    .isEqualTo(layer);
        });
        String id = Digest.sha256(layer).encoded().substring(0, 12);
        assertThat(statuses()).contains(id + ": Pushed").anyMatch(s -> s.startsWith(id + ": Pushing "));
        assertThat(registry.blobs.get(configDigest.toString())).isEqualTo(config);
        assertThat(Digest.sha256(registry.manifests.get("fresh:1").bytes())).isEqualTo(pushed.digest());
        assertThat(again.digest()).isEqualTo(pushed.digest()); // the compressed copy is kept: same digests
        var layerNow = store.byId(image.id()).orElseThrow().layers().getFirst();
        assertThat(layerNow.blobDigest()).isEqualTo(stored.layers().getFirst().digest());
        assertThat(store.content().exists(plain.digest())).isFalse();
    }
}
