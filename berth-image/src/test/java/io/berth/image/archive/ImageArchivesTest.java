package io.berth.image.archive;

import static io.berth.image.archive.Fixtures.blobPath;
import static io.berth.image.archive.Fixtures.config;
import static io.berth.image.archive.Fixtures.descriptor;
import static io.berth.image.archive.Fixtures.files;
import static io.berth.image.archive.Fixtures.gzip;
import static io.berth.image.archive.Fixtures.hex;
import static io.berth.image.archive.Fixtures.index;
import static io.berth.image.archive.Fixtures.layer;
import static io.berth.image.archive.Fixtures.manifest;
import static io.berth.image.archive.Fixtures.tar;
import static io.berth.image.archive.Fixtures.untar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Digest;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.bootstrap.BusyboxBootstrap;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.MediaTypes;
import io.berth.image.ref.ImageRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchivesTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void removeLayers() {
        // busybox's applet links point outside the temporary directory, which JUnit warns about
        io.berth.common.AtomicFiles.deleteTree(tmp);
    }

    private ImageStore store(String name) {
        return Fixtures.store(tmp.resolve(name));
    }

    private static LoadResult load(ImageStore store, byte[] archive) {
        return new ImageArchives(store).load(new ByteArrayInputStream(archive));
    }

    private static byte[] save(ImageStore store, String... names) throws IOException {
        var out = new ByteArrayOutputStream();
        new ImageArchives(store).save(List.of(names), out);
        return out.toByteArray();
    }

    private static Path diffDir(ImageStore store, ImageRecord image, int layer) {
        return store.layers().diffDir(Digest.parse(image.layers().get(layer).chainId()));
    }

    // --- save and load round trips -----------------------------------------------------------

    @Test
    void busyboxSurvivesSaveAndLoad() throws IOException {
        var source = store("source");
        ImageRecord original = BusyboxBootstrap.build(source, BUSYBOX);

        byte[] archive = save(source, "busybox:latest");
        var target = store("target");
        LoadResult result = load(target, archive);

        assertThat(result.images()).singleElement().satisfies(loaded -> {
            assertThat(loaded.id()).isEqualTo(original.id());
            assertThat(loaded.tags()).containsExactly(ImageRef.parse("busybox:latest"));
        });
        assertThat(result.messages()).containsExactly("Loaded image: busybox:latest");
        ImageRecord copy = target.resolve("busybox");
        assertThat(copy.id()).isEqualTo(original.id());
        assertThat(target.tags(copy.id())).containsExactly(ImageRef.parse("busybox:latest"));
        assertThat(diffDir(target, copy, 0).resolve("bin/busybox")).isRegularFile();
        assertThat(Files.isSymbolicLink(diffDir(target, copy, 0).resolve("bin/sh"))).isTrue();
    }

    @Test
    void saveWritesDockerArchiveAndOciLayout() throws IOException {
        var store = store("s");
        ImageRecord image = BusyboxBootstrap.build(store, BUSYBOX);
        String configHex = Digest.parse(image.id()).encoded();
        String layerHex = Digest.parse(image.layers().getFirst().diffId()).encoded();

        Map<String, byte[]> files = untar(save(store, "busybox"));

        assertThat(files.keySet()).contains("index.json", "manifest.json", "oci-layout", "repositories",
                "blobs/sha256/" + configHex, "blobs/sha256/" + layerHex);
        for (var file : files.entrySet()) {
            if (file.getKey().startsWith("blobs/sha256/")) {
                assertThat(hex(file.getValue())).as(file.getKey()).isEqualTo(file.getKey().substring(13));
            }
        }
        assertThat(Json.tree(files.get("oci-layout")).path("imageLayoutVersion").asText()).isEqualTo("1.0.0");

        JsonNode manifestJson = Json.tree(files.get("manifest.json"));
        assertThat(manifestJson).hasSize(1);
        assertThat(manifestJson.get(0).path("Config").asText()).isEqualTo("blobs/sha256/" + configHex);
        assertThat(manifestJson.get(0).path("RepoTags").get(0).asText()).isEqualTo("busybox:latest");
        assertThat(manifestJson.get(0).path("Layers").get(0).asText()).isEqualTo("blobs/sha256/" + layerHex);

        assertThat(Json.tree(files.get("repositories")).path("busybox").path("latest").asText()).isEqualTo(layerHex);

        JsonNode index = Json.tree(files.get("index.json"));
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        JsonNode descriptor = index.path("manifests").get(0);
        assertThat(descriptor.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(descriptor.path("annotations").path("io.containerd.image.name").asText())
                .isEqualTo("docker.io/library/busybox:latest");
        assertThat(descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("latest");

        String manifestPath = "blobs/sha256/" + Digest.parse(descriptor.path("digest").asText()).encoded();
        assertThat(files.get(manifestPath)).hasSize(descriptor.path("size").asInt());
        JsonNode manifest = Json.tree(files.get(manifestPath));
        assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.path("config").path("digest").asText()).isEqualTo(image.id());
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo(MediaTypes.OCI_CONFIG);
        assertThat(manifest.path("layers").get(0).path("mediaType").asText()).isEqualTo(MediaTypes.OCI_LAYER);
        assertThat(manifest.path("layers").get(0).path("digest").asText()).isEqualTo("sha256:" + layerHex);
    }

    @Test
    void saveIsDeterministic() throws IOException {
        var store = store("s");
        BusyboxBootstrap.build(store, BUSYBOX);

        assertThat(save(store, "busybox:latest")).isEqualTo(save(store, "busybox:latest"));
    }

    @Test
    void saveByIdHasNoTagsAndLoadsAsAnId() throws IOException {
        var source = store("source");
        ImageRecord image = BusyboxBootstrap.build(source, BUSYBOX);

        byte[] archive = save(source, image.id().substring(7, 19));
        Map<String, byte[]> files = untar(archive);
        assertThat(Json.tree(files.get("manifest.json")).get(0).get("RepoTags").isNull()).isTrue();
        assertThat(Json.tree(files.get("index.json")).path("manifests").get(0).has("annotations")).isFalse();
        assertThat(files).doesNotContainKey("repositories");

        var target = store("target");
        LoadResult result = load(target, archive);
        assertThat(result.messages()).containsExactly("Loaded image ID: " + image.id());
        assertThat(target.byId(image.id())).isPresent();
        assertThat(target.tags(image.id())).isEmpty();
    }

    @Test
    void saveOfSeveralNamesMergesTagsOfOneImage() throws IOException {
        var store = store("s");
        ImageRecord image = BusyboxBootstrap.build(store, BUSYBOX);
        store.tag(ImageRef.parse("example.com/tools/box:1.0"), image.id());

        Map<String, byte[]> files = untar(save(store, "busybox", "example.com/tools/box:1.0"));

        JsonNode manifestJson = Json.tree(files.get("manifest.json"));
        assertThat(manifestJson).hasSize(1);
        assertThat(manifestJson.get(0).path("RepoTags")).extracting(JsonNode::asText)
                .containsExactly("busybox:latest", "example.com/tools/box:1.0");
        assertThat(Json.tree(files.get("index.json")).path("manifests")).hasSize(2);
        assertThat(Json.tree(files.get("repositories")).fieldNames()).toIterable()
                .containsExactly("busybox", "example.com/tools/box");
    }

    @Test
    void saveOfAMissingImageWritesNothing() {
        var store = store("s");
        var out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> new ImageArchives(store).save(List.of("nothere:1"), out))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("No such image: nothere:1");
        assertThat(out.size()).isZero();
    }

    @Test
    void savedGzipLayersAreWrittenUncompressed() throws IOException {
        byte[] layer = layer("etc/hello", "hi\n");
        byte[] config = config(layer);
        byte[] gz = gzip(layer);
        var source = store("source");
        load(source, tar(files("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"gz:1\"],\"Layers\":[\"l/layer.tar\"]}]",
                "c.json", config, "l/layer.tar", gz)));
        assertThat(source.resolve("gz:1").layers().getFirst().blobDigest()).isEqualTo(Digest.sha256(gz).toString());

        byte[] archive = save(source, "gz:1");
        assertThat(untar(archive)).containsEntry(blobPath(layer), layer).doesNotContainKey(blobPath(gz));

        var target = store("target");
        load(target, archive);
        assertThat(target.resolve("gz:1").id()).isEqualTo(Digest.sha256(config).toString());
    }

    // --- docker-archive ----------------------------------------------------------------------

    @Test
    void loadsALegacyDockerArchiveWithAGzipLayerAndLinkedLayers() throws IOException {
        byte[] base = layer("etc/base", "base\n");
        byte[] top = layer("etc/top", "top\n");
        byte[] config = config(base, top, base);
        String manifest = "[{\"Config\":\"" + hex(config) + ".json\",\"RepoTags\":[\"legacy:1\",\"legacy:2\"],"
                + "\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\",\"ccc/layer.tar\"]}]";
        // Docker 20.10 writes a repeated layer once and links to it from its second directory
        byte[] archive = tar(files("aaa/layer.tar", base, "aaa/VERSION", "1.0", "aaa/json", "{}",
                        "bbb/layer.tar", gzip(top), hex(config) + ".json", config, "manifest.json", manifest,
                        "repositories", "{\"legacy\":{\"1\":\"bbb\"}}"),
                Map.of("ccc/layer.tar", "../aaa/layer.tar"));
        var store = store("s");

        LoadResult result = load(store, archive);

        assertThat(result.messages()).containsExactly("Loaded image: legacy:1", "Loaded image: legacy:2");
        ImageRecord image = store.resolve("legacy:2");
        assertThat(image.id()).isEqualTo(Digest.sha256(config).toString());
        assertThat(image.layers()).hasSize(3);
        assertThat(image.layers().get(1).mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
        assertThat(diffDir(store, image, 1).resolve("etc/top")).hasContent("top");
        assertThat(diffDir(store, image, 2).resolve("etc/base")).hasContent("base");
        // only what the image uses is kept
        assertThat(Fixtures.blobs(tmp.resolve("s"))).containsExactlyInAnyOrder(hex(config), hex(base), hex(gzip(top)));
    }

    @Test
    void loadsLargeLayersThatDoNotFitInMemory() {
        byte[] big = layer(Map.of("data/big", Fixtures.random(3 << 20, 1)));
        byte[] config = config(big);
        byte[] archive = tar(files("manifest.json",
                "[{\"Config\":\"cfg.json\",\"RepoTags\":[\"big:1\"],\"Layers\":[\"x/layer.tar\"]}]",
                "cfg.json", config, "x/layer.tar", big));
        var store = store("s");

        load(store, archive);

        assertThat(diffDir(store, store.resolve("big:1"), 0).resolve("data/big")).hasSize(3 << 20);
        assertThat(tmp.resolve("s/blobs/sha256").resolve(hex(big))).isRegularFile();
    }

    @Test
    void loadsAGzipCompressedArchive() {
        byte[] layer = layer("a", "a");
        byte[] config = config(layer);
        byte[] archive = tar(files("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"zipped:1\"],\"Layers\":[\"l.tar\"]}]",
                "c.json", config, "l.tar", layer));
        var store = store("s");

        load(store, gzip(archive));

        assertThat(store.find("zipped:1")).isPresent();
    }

    @Test
    void aLoadedTagMovesFromAnotherImage() {
        byte[] layer = layer("a", "a");
        var store = store("s");
        ImageRecord first = store.add(store.content().write(config(layer)).digest(),
                List.of(new io.berth.image.LayerBlob(store.content().write(layer).digest(), MediaTypes.DOCKER_LAYER, layer.length)),
                java.util.Optional.empty());
        store.tag(ImageRef.parse("moving:1"), first.id());
        byte[] other = layer("b", "b");
        byte[] config = config(other);

        LoadResult result = load(store, tar(files("manifest.json",
                "[{\"Config\":\"c.json\",\"RepoTags\":[\"moving:1\"],\"Layers\":[\"l.tar\"]}]", "c.json", config, "l.tar", other)));

        assertThat(result.messages()).containsExactly(
                "The image moving:1 already exists, renaming the old one with ID " + first.id() + " to empty string",
                "Loaded image: moving:1");
        assertThat(store.resolve("moving:1").id()).isEqualTo(Digest.sha256(config).toString());
        assertThat(store.byId(first.id())).isPresent();
    }

    @Test
    void aBzip2LayerIsKeptUncompressed() throws IOException {
        byte[] layer = layer("etc/b", "bzip2\n");
        var bz = new ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz)) {
            out.write(layer);
        }
        byte[] config = config(layer);
        var store = store("s");

        load(store, tar(files("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"bz:1\"],\"Layers\":[\"l/layer.tar\"]}]",
                "c.json", config, "l/layer.tar", bz.toByteArray())));

        ImageRecord image = store.resolve("bz:1");
        assertThat(image.layers().getFirst().blobDigest()).isEqualTo(Digest.sha256(layer).toString());
        assertThat(diffDir(store, image, 0).resolve("etc/b")).hasContent("bzip2");
    }

    @Test
    void anXzArchiveIsRefusedClearly() {
        byte[] xz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2, 3};

        assertThatThrownBy(() -> load(store("s"), xz)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("xz-compressed");
    }

    @Test
    void savingARepositorySavesAllItsTags() throws IOException {
        var store = store("s");
        ImageRecord busybox = BusyboxBootstrap.build(store, BUSYBOX);
        var imported = new ImageArchives(store).importImage(new ByteArrayInputStream(layer("a", "a")),
                ImportOptions.defaults().withReference(ImageRef.parseNormalized("busybox")));
        store.tag(ImageRef.parse("busybox:old"), busybox.id());

        Map<String, byte[]> files = untar(save(store, "busybox"));

        JsonNode manifestJson = Json.tree(files.get("manifest.json"));
        assertThat(manifestJson).hasSize(2);
        assertThat(manifestJson.get(0).path("RepoTags")).extracting(JsonNode::asText).containsExactly("busybox:latest");
        assertThat(manifestJson.get(0).path("Config").asText()).endsWith(Digest.parse(imported.id()).encoded());
        assertThat(manifestJson.get(1).path("RepoTags")).extracting(JsonNode::asText).containsExactly("busybox:old");
    }

    // --- OCI layout ----------------------------------------------------------------------------

    @Test
    void loadsAnOciLayoutTaggedByItsRefName() {
        byte[] layer = layer("srv/index.html", "<h1>hi</h1>");
        byte[] gz = gzip(layer);
        byte[] config = config(layer);
        byte[] manifest = manifest(config, MediaTypes.OCI_LAYER_GZIP, gz);
        byte[] index = index(descriptor(MediaTypes.OCI_MANIFEST, manifest,
                Map.of("org.opencontainers.image.ref.name", "example.com/web:2.1"), null));
        // blobs before index.json, or after: the order does not matter
        byte[] archive = tar(files(blobPath(gz), gz, "index.json", index, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}",
                blobPath(manifest), manifest, blobPath(config), config));
        var store = store("s");

        LoadResult result = load(store, archive);

        assertThat(result.messages()).containsExactly("Loaded image: example.com/web:2.1");
        ImageRecord image = store.resolve("example.com/web:2.1");
        assertThat(image.layers().getFirst().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
        assertThat(diffDir(store, image, 0).resolve("srv/index.html")).hasContent("<h1>hi</h1>");
        // the manifest was only needed to find the image
        assertThat(store.content().exists(Digest.sha256(manifest))).isFalse();
    }

    @Test
    void aBareTagInTheRefNameLeavesTheImageUntagged() {
        byte[] layer = layer("a", "a");
        byte[] config = config(layer);
        byte[] manifest = manifest(config, MediaTypes.OCI_LAYER, layer);
        byte[] index = index(descriptor(MediaTypes.OCI_MANIFEST, manifest, Map.of("org.opencontainers.image.ref.name", "v1"), null));
        var store = store("s");

        LoadResult result = load(store, tar(files("index.json", index, blobPath(manifest), manifest,
                blobPath(config), config, blobPath(layer), layer)));

        assertThat(result.messages()).containsExactly("Loaded image ID: " + Digest.sha256(config));
    }

    @Test
    void aNestedIndexLoadsTheHostPlatform() {
        byte[] amdLayer = layer("arch", "amd64");
        byte[] armLayer = layer("arch", "arm64");
        byte[] amdConfig = config(amdLayer);
        byte[] armConfig = config(armLayer);
        byte[] amdManifest = manifest(amdConfig, MediaTypes.OCI_LAYER, amdLayer);
        byte[] armManifest = manifest(armConfig, MediaTypes.OCI_LAYER, armLayer);
        byte[] attestation = manifest(config(), MediaTypes.OCI_LAYER);
        byte[] nested = index(
                descriptor(MediaTypes.OCI_MANIFEST, armManifest, null, new Descriptor.Platform("arm64", "linux", "v8")),
                descriptor(MediaTypes.OCI_MANIFEST, amdManifest, null, new Descriptor.Platform(Platforms.hostArchitecture(), "linux", null)),
                descriptor(MediaTypes.OCI_MANIFEST, attestation, Map.of("vnd.docker.reference.type", "attestation-manifest"),
                        new Descriptor.Platform("unknown", "unknown", null)));
        byte[] index = index(descriptor(MediaTypes.OCI_INDEX, nested,
                Map.of("io.containerd.image.name", "docker.io/library/multi:1", "org.opencontainers.image.ref.name", "1"), null));
        // the arm64 layer is absent, as in a save of one platform by Docker 25
        byte[] archive = tar(files("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", "index.json", index,
                blobPath(nested), nested, blobPath(amdManifest), amdManifest, blobPath(armManifest), armManifest,
                blobPath(amdConfig), amdConfig, blobPath(amdLayer), amdLayer));
        var store = store("s");

        LoadResult result = load(store, archive);

        assertThat(result.messages()).containsExactly("Loaded image: multi:1");
        assertThat(store.resolve("multi:1").id()).isEqualTo(Digest.sha256(amdConfig).toString());
    }

    @Test
    void aDocker25ArchivePrefersManifestJson() {
        byte[] layer = layer("a", "a");
        byte[] config = config(layer);
        byte[] manifest = manifest(config, MediaTypes.OCI_LAYER, layer);
        byte[] index = index(descriptor(MediaTypes.OCI_MANIFEST, manifest,
                Map.of("io.containerd.image.name", "docker.io/library/from-index:1", "org.opencontainers.image.ref.name", "1"), null));
        String manifestJson = "[{\"Config\":\"" + blobPath(config) + "\",\"RepoTags\":[\"from-manifest:1\"],"
                + "\"Layers\":[\"" + blobPath(layer) + "\"]}]";
        byte[] archive = tar(files(blobPath(config), config, blobPath(layer), layer, blobPath(manifest), manifest,
                "index.json", index, "manifest.json", manifestJson, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"));
        var store = store("s");

        LoadResult result = load(store, archive);

        assertThat(result.messages()).containsExactly("Loaded image: from-manifest:1");
        assertThat(store.find("from-index:1")).isEmpty();
    }

    // --- bad input -----------------------------------------------------------------------------

    @Test
    void aBlobThatDoesNotMatchItsDigestIsRejected() throws IOException {
        byte[] layer = layer("a", "a");
        byte[] config = config(layer);
        byte[] manifest = manifest(config, MediaTypes.OCI_LAYER, layer);
        byte[] index = index(descriptor(MediaTypes.OCI_MANIFEST, manifest, Map.of("io.containerd.image.name", "bad:1"), null));
        byte[] tampered = layer("a", "b");
        var store = store("s");

        assertThatThrownBy(() -> load(store, tar(files(blobPath(config), config, "index.json", index,
                blobPath(manifest), manifest, blobPath(layer), tampered))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(blobPath(layer)).hasMessageContaining("does not match its digest");
        assertThat(store.list()).isEmpty();
        assertThat(Fixtures.blobs(tmp.resolve("s"))).isEmpty();
    }

    @Test
    void aLargeBlobThatDoesNotMatchItsDigestLeavesNothingBehind() throws IOException {
        byte[] big = layer(Map.of("big", Fixtures.random(2 << 20, 2)));
        byte[] other = layer(Map.of("big", Fixtures.random(2 << 20, 3)));
        byte[] small = layer("a", "a");
        byte[] config = config(small, big);
        byte[] manifestJson = ("[{\"Config\":\"" + blobPath(config) + "\",\"RepoTags\":[\"bad:1\"],"
                + "\"Layers\":[\"" + blobPath(small) + "\",\"" + blobPath(big) + "\"]}]").getBytes();
        var store = store("s");

        // the small layer arrives first and is fine; the large one is checked as it streams in
        assertThatThrownBy(() -> load(store, tar(files("manifest.json", manifestJson, blobPath(config), config,
                blobPath(small), small, blobPath(big), other))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("digest mismatch");
        assertThat(store.list()).isEmpty();
        assertThat(Fixtures.blobs(tmp.resolve("s"))).isEmpty();
    }

    @Test
    void aLayerThatDoesNotMatchItsDiffIdRegistersNothing() throws IOException {
        byte[] good = layer("a", "a");
        byte[] claimed = layer("b", "b");
        byte[] actual = layer("c", "c");
        byte[] goodConfig = config(good);
        byte[] badConfig = config(good, claimed);
        // gzip hides the mismatch until the layer is unpacked, after the first image was added
        String manifestJson = "[{\"Config\":\"good.json\",\"RepoTags\":[\"good:1\"],\"Layers\":[\"g.tar\"]},"
                + "{\"Config\":\"bad.json\",\"RepoTags\":[\"bad:1\"],\"Layers\":[\"g.tar\",\"c.tar.gz\"]}]";
        var store = store("s");

        assertThatThrownBy(() -> load(store, tar(files("manifest.json", manifestJson, "good.json", goodConfig,
                "bad.json", badConfig, "g.tar", good, "c.tar.gz", gzip(actual)))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("diff ID");
        assertThat(store.list()).isEmpty();
        assertThat(store.find("good:1")).isEmpty();
        assertThat(Fixtures.blobs(tmp.resolve("s"))).isEmpty();
        try (var layers = Files.list(tmp.resolve("s/overlay"))) {
            assertThat(layers).isEmpty();
        }
    }

    @Test
    void aMissingLayerIsRejected() throws IOException {
        byte[] layer = layer("a", "a");
        byte[] config = config(layer);
        var store = store("s");

        assertThatThrownBy(() -> load(store, tar(files("manifest.json",
                "[{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"abc/layer.tar\"]}]", "c.json", config))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid archive: layer abc/layer.tar is missing");
        assertThat(store.list()).isEmpty();
        assertThat(Fixtures.blobs(tmp.resolve("s"))).isEmpty();
    }

    @Test
    void aMissingOciBlobIsRejected() {
        byte[] layer = layer("a", "a");
        byte[] config = config(layer);
        byte[] manifest = manifest(config, MediaTypes.OCI_LAYER, layer);
        byte[] index = index(descriptor(MediaTypes.OCI_MANIFEST, manifest, null, null));
        var store = store("s");

        assertThatThrownBy(() -> load(store, tar(files("index.json", index, blobPath(manifest), manifest,
                blobPath(config), config))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("layer " + blobPath(layer) + " is missing");
    }

    @Test
    void inputThatIsNotAnImageArchiveIsRejected() {
        var store = store("s");

        assertThatThrownBy(() -> load(store, "hello, world".getBytes()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a tar archive");
        assertThatThrownBy(() -> load(store, Fixtures.random(4096, 9)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid archive");
        assertThatThrownBy(() -> load(store, tar(files("hello.txt", "hi"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("neither manifest.json");
        assertThatThrownBy(() -> load(store, tar(files("manifest.json", "[{\"Config\":"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("manifest.json: invalid JSON");
        assertThatThrownBy(() -> load(store, tar(files("index.json", "{\"manifests\":[]}"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("lists no images");
        byte[] truncated = java.util.Arrays.copyOf(tar(files("manifest.json", "[]", "big", Fixtures.random(50_000, 4))), 20_000);
        assertThatThrownBy(() -> load(store, truncated))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid archive");
    }

    @Test
    void anInvalidRepoTagIsRejectedBeforeAnythingIsRegistered() {
        byte[] layer = layer("a", "a");
        var store = store("s");

        assertThatThrownBy(() -> load(store, tar(files("manifest.json",
                "[{\"Config\":\"c.json\",\"RepoTags\":[\"UPPER:1\"],\"Layers\":[\"l.tar\"]}]", "c.json", config(layer),
                "l.tar", layer))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid tag \"UPPER:1\"");
        assertThat(store.list()).isEmpty();
    }
}
