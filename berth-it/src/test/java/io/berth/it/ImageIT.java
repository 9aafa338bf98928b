package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ImageListOptions;
import io.berth.api.model.WaitCondition;
import io.berth.common.ConflictException;
import io.berth.common.NotFoundException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bootstrap, tag, remove (Docker's conflict rules), save/load, import, history — through the API. */
@RequiresRoot
class ImageIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void bootstrapIsReproducible() {
        var images = berthd.client().images();
        String first = images.inspect("busybox").id();

        berthd.bootstrapBusybox();

        assertThat(images.inspect("busybox:latest").id()).isEqualTo(first);
        var inspect = images.inspect(first);
        assertThat(inspect.config().cmd()).containsExactly("sh");
        assertThat(inspect.rootFS().layers()).hasSize(1);
        assertThat(inspect.repoTags()).contains("busybox:latest");
        assertThat(images.history("busybox")).first().satisfies(h -> assertThat(h.id()).isEqualTo(first));
    }

    @Test
    void tagsAndRemovalFollowDockersRules() {
        var images = berthd.client().images();
        String id = images.inspect("busybox").id();
        images.tag("busybox", "example.com/team/app", "v1");
        images.tag("busybox", "second", "");

        assertThat(images.inspect("example.com/team/app:v1").id()).isEqualTo(id);
        assertThatThrownBy(() -> images.remove(id.substring(7, 19), false))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("image is referenced in multiple repositories");
        assertThat(images.remove("second", false)).singleElement()
                .satisfies(item -> assertThat(item.untagged()).isEqualTo("second:latest"));

        String user = Containers.create(berthd.client(), null, "true");
        images.tag("busybox", "only-tag", "");
        images.remove("example.com/team/app:v1", false);
        images.remove("busybox", false);
        assertThatThrownBy(() -> images.remove("only-tag", false))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("container " + user.substring(0, 12) + " is using its referenced image");
        berthd.client().containers().remove(user, io.berth.api.model.RemoveOptions.defaults());
        images.tag("only-tag", "busybox", "latest");
        images.remove("only-tag", false);
        assertThatThrownBy(() -> images.inspect("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("no such image: nope:latest: No such image: nope:latest");
    }

    @Test
    void saveThenLoadIntoAnotherNameRestoresTheSameImage() {
        var images = berthd.client().images();
        String id = images.inspect("busybox").id();
        images.tag("busybox", "saved", "1");
        var archive = new ByteArrayOutputStream();

        images.save(List.of("saved:1"), archive);
        images.remove("saved:1", false);
        var lines = new ArrayList<String>();
        images.load(new ByteArrayInputStream(archive.toByteArray()), false,
                line -> lines.add(line.path("stream").asText()));

        assertThat(lines).containsExactly("Loaded image: saved:1\n");
        assertThat(images.inspect("saved:1").id()).isEqualTo(id);
        images.remove("saved:1", false);
    }

    @Test
    void importMakesARunnableImageWithTheChanges() throws Exception {
        var images = berthd.client().images();
        var rootfs = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(rootfs)) {
            var dir = new TarArchiveEntry("data/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] content = "imported\n".getBytes();
            var file = new TarArchiveEntry("data/hello.txt");
            file.setSize(content.length);
            tar.putArchiveEntry(file);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        var status = new ArrayList<String>();

        images.importImage(new ByteArrayInputStream(rootfs.toByteArray()), "imported", "v1", "from a test",
                List.of("ENV GREETING=hi", "WORKDIR /data", "LABEL origin=test"), line -> status.add(line.path("status").asText()));

        assertThat(status).singleElement().satisfies(s -> assertThat(s).startsWith("sha256:"));
        var inspect = images.inspect("imported:v1");
        assertThat(inspect.config().env()).contains("GREETING=hi");
        assertThat(inspect.config().workingDir()).isEqualTo("/data");
        assertThat(inspect.config().labels()).containsEntry("origin", "test");
        assertThat(inspect.comment()).isEqualTo("from a test");
        assertThat(images.list(new ImageListOptions(false, Map.of("reference", List.of("imported")), false)))
                .singleElement().satisfies(s -> assertThat(s.repoTags()).containsExactly("imported:v1"));
        // an image with no shell: its files are there, read through a busybox container's view of the layer
        var client = berthd.client();
        String id = client.containers().create(Optional.empty(),
                Containers.request("busybox", List.of("true"), h -> h)).id();
        client.containers().start(id);
        assertThat(client.containers().await(id, WaitCondition.NOT_RUNNING).statusCode()).isZero();
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of(
                images.inspect("imported:v1").graphDriver().data().get("UpperDir"), "data", "hello.txt")))
                .isEqualTo("imported\n");
    }
}
