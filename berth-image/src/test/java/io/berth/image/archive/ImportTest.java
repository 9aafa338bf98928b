package io.berth.image.archive;

import static io.berth.image.archive.Fixtures.gzip;
import static io.berth.image.archive.Fixtures.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Digest;
import io.berth.common.InvalidArgumentException;
import io.berth.image.ImageRecord;
import io.berth.image.ImageStore;
import io.berth.image.oci.ImageConfigFile;
import io.berth.image.ref.ImageRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportTest {
    @TempDir
    Path tmp;

    private ImageStore store;
    private ImageArchives archives;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(tmp);
        archives = new ImageArchives(store);
    }

    private ImageRecord importTar(byte[] tarball, ImportOptions options) {
        return archives.importImage(new ByteArrayInputStream(tarball), options);
    }

    @Test
    void importMakesAOneLayerImageWithTheChanges() {
        byte[] rootfs = layer("etc/motd", "welcome\n");

        ImageRecord image = importTar(rootfs, ImportOptions.defaults()
                .withChanges(List.of("CMD [\"sh\"]", "ENV A=b", "WORKDIR /w", "EXPOSE 80", "LABEL x=y"))
                .withMessage("from a test"));

        assertThat(image.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.diffId()).isEqualTo(Digest.sha256(rootfs).toString());
            assertThat(layer.blobDigest()).isEqualTo(layer.diffId());
        });
        ImageConfigFile config = store.readConfig(Digest.parse(image.id()));
        assertThat(config.os()).isEqualTo("linux");
        assertThat(config.architecture()).isEqualTo(Platforms.hostArchitecture());
        assertThat(config.created()).isNotBlank();
        assertThat(config.comment()).isEqualTo("from a test");
        assertThat(config.diffIds()).containsExactly(Digest.sha256(rootfs).toString());
        assertThat(config.history()).singleElement().satisfies(h -> {
            assertThat(h.createdBy()).isEqualTo("Imported from -");
            assertThat(h.comment()).isEqualTo("from a test");
        });
        JsonNode defaults = config.config();
        assertThat(defaults.path("Cmd")).extracting(JsonNode::asText).containsExactly("sh");
        assertThat(defaults.path("Env")).extracting(JsonNode::asText).containsExactly("A=b");
        assertThat(defaults.path("WorkingDir").asText()).isEqualTo("/w");
        assertThat(defaults.path("ExposedPorts").has("80/tcp")).isTrue();
        assertThat(defaults.path("Labels").path("x").asText()).isEqualTo("y");
        assertThat(store.layers().diffDir(Digest.parse(image.layers().getFirst().chainId())).resolve("etc/motd"))
                .hasContent("welcome");
    }

    @Test
    void importReadsGzipAndTags() {
        byte[] rootfs = layer("bin/tool", "#!/bin/sh\n");

        ImageRecord image = importTar(gzip(rootfs), new ImportOptions("http://example.com/rootfs.tar.gz", null, null,
                java.util.Optional.of(ImageRef.parse("imported:1"))));

        assertThat(store.resolve("imported:1").id()).isEqualTo(image.id());
        assertThat(image.layers().getFirst().diffId()).isEqualTo(Digest.sha256(rootfs).toString());
        var config = store.readConfig(Digest.parse(image.id()));
        assertThat(config.history().getFirst().createdBy()).isEqualTo("Imported from http://example.com/rootfs.tar.gz");
        assertThat(config.comment()).isNull();
    }

    @Test
    void anInvalidChangeIsRejectedBeforeAnythingIsStored() throws IOException {
        assertThatThrownBy(() -> importTar(layer("a", "a"), ImportOptions.defaults().withChanges(List.of("RUN echo hi"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("run is not a valid change command");
        assertThatThrownBy(() -> importTar(layer("a", "a"), ImportOptions.defaults().withChanges(List.of("FOO bar"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("foo is not a valid change command");
        assertThat(store.list()).isEmpty();
        assertThat(Fixtures.blobs(tmp)).isEmpty();
    }

    @Test
    void inputThatIsNotATarIsRejected() throws IOException {
        assertThatThrownBy(() -> importTar("not a tarball".getBytes(), ImportOptions.defaults()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid tar archive");
        assertThatThrownBy(() -> importTar(Fixtures.random(8192, 5), ImportOptions.defaults()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid tar archive");
        assertThatThrownBy(() -> importTar(new byte[0], ImportOptions.defaults()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("empty");
        assertThat(store.list()).isEmpty();
        assertThat(Fixtures.blobs(tmp)).isEmpty();
    }

    @Test
    void anImportedImageSurvivesSaveAndLoad() throws IOException {
        ImageRecord image = importTar(layer("x", "y"), ImportOptions.defaults().withReference(ImageRef.parse("imp:2")));
        var out = new java.io.ByteArrayOutputStream();
        archives.save(List.of("imp:2"), out);

        var other = Fixtures.store(tmp.resolve("other"));
        new ImageArchives(other).load(new ByteArrayInputStream(out.toByteArray()));

        assertThat(other.resolve("imp:2").id()).isEqualTo(image.id());
    }
}
