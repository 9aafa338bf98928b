package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.CommitOptions;
import io.berth.api.model.FilesystemChange;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.WaitCondition;
import io.berth.client.BerthClient;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** diff, commit and export with real containers: the committed image runs and carries the changes. */
@RequiresRoot
class CommitIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static BerthClient client() {
        return berthd.client();
    }

    private static String runToEnd(String image, String... cmd) {
        String id = client().containers().create(Optional.empty(), Containers.request(image, List.of(cmd), h -> h)).id();
        client().containers().start(id);
        client().containers().await(id, WaitCondition.NOT_RUNNING);
        return id;
    }

    private static List<String> diff(String id) {
        return client().files().changes(id).stream()
                .map(c -> new String[] {"C", "A", "D"}[c.kind().intValue()] + " " + c.path()).toList();
    }

    private static CommitOptions commit(String container, String repo, List<String> changes) {
        return new CommitOptions(container, Optional.ofNullable(repo), Optional.ofNullable(repo).map(_ -> "v1"),
                Optional.of("a message"),
                Optional.of("Berth Tester <t@example.com>"), true, changes, Optional.empty());
    }

    @Test
    void diffReportsAddedChangedAndDeletedPathsAndCommitCarriesThemIntoARunnableImage() {
        String id = runToEnd("busybox", "sh", "-c",
                "echo hi > /added && rm /etc/group && mkdir -p /newdir/sub && echo x >> /etc/passwd && rm -rf /home");
        var changes = diff(id);

        String image = client().files().commit(commit(id, "committed", List.of("ENV GREETING=hello",
                "CMD [\"sh\", \"-c\", \"cat /added; echo $GREETING; ls /etc/group /home 2>&1; ls -d /newdir/sub\"]")));
        String run = runToEnd("committed:v1");
        var inspect = client().images().inspectRaw("committed:v1");

        assertThat(changes).contains("A /added", "C /etc", "D /etc/group", "C /etc/passwd", "A /newdir",
                "A /newdir/sub", "D /home");
        assertThat(changes).doesNotContain("A /etc/hosts", "A /etc/hostname", "A /etc/resolv.conf", "A /proc", "A /dev",
                "A /sys");
        assertThat(image).matches("sha256:[0-9a-f]{64}");
        var out = Containers.logs(client(), run).stdout();
        assertThat(out).startsWith("hi\nhello\n").contains("/etc/group: No such file or directory")
                .contains("/home: No such file or directory").endsWith("/newdir/sub\n");
        assertThat(inspect.path("Id").asText()).isEqualTo(image);
        assertThat(inspect.path("Author").asText()).isEqualTo("Berth Tester <t@example.com>");
        assertThat(inspect.path("Comment").asText()).isEqualTo("a message");
        assertThat(inspect.path("Config").path("Env").toString()).contains("GREETING=hello");
        assertThat(inspect.path("RootFS").path("Layers").size()).isEqualTo(2);
        var history = client().images().history("committed:v1");
        assertThat(history.getFirst().comment()).isEqualTo("a message");
        assertThat(history.getFirst().createdBy()).startsWith("sh -c echo hi > /added");
        client().containers().remove(run, new RemoveOptions(true, false));
        client().containers().remove(id, new RemoveOptions(true, false));
        client().images().remove("committed:v1", false);
    }

    @Test
    void aRunningContainerIsPausedForTheCommitAndRunsOnAfterwards() {
        String id = client().containers().create(Optional.empty(), Containers.request("busybox",
                List.of("sh", "-c", "echo state > /state; exec sleep 1000"), h -> h)).id();
        client().containers().start(id);
        org.awaitility.Awaitility.await().until(() -> diff(id).contains("A /state"));

        String image = client().files().commit(commit(id, null, List.of()));
        String noPause = client().files().commit(new CommitOptions(id, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, List.of(), Optional.empty()));
        String run = runToEnd(image.substring(7), "cat", "/state");

        assertThat(client().containers().inspect(id).state().running()).isTrue();
        assertThat(client().containers().inspect(id).state().paused()).isFalse();
        assertThat(Containers.logs(client(), run).stdout()).isEqualTo("state\n");
        assertThat(noPause).matches("sha256:[0-9a-f]{64}");
        client().containers().remove(run, new RemoveOptions(true, false));
        client().containers().remove(id, new RemoveOptions(true, false));
    }

    @Test
    void anExportImportedAgainRunsWithTheContainersFiles() throws IOException {
        String id = runToEnd("busybox", "sh", "-c", "echo exported > /exported");
        var tar = new ByteArrayOutputStream();

        client().files().export(id, tar);
        var names = new ArrayList<String>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        client().images().importImage(new ByteArrayInputStream(tar.toByteArray()), "reimported", "latest", "",
                List.of(), _ -> { });
        String run = runToEnd("reimported", "cat", "/exported");

        assertThat(names).contains("exported", "bin/", "bin/busybox", "etc/passwd").noneMatch(n -> n.startsWith("/"));
        assertThat(Containers.logs(client(), run).stdout()).isEqualTo("exported\n");
        client().containers().remove(run, new RemoveOptions(true, false));
        client().containers().remove(id, new RemoveOptions(true, false));
        client().images().remove("reimported", false);
    }

    @Test
    void badInputGetsDockersMessagesAndCreatesNothing() {
        String id = runToEnd("busybox", "true");
        int images = client().images().list(new io.berth.api.model.ImageListOptions(true, java.util.Map.of(), false))
                .size();

        assertThatThrownBy(() -> client().files().commit(commit("nosuch", null, List.of())))
                .isInstanceOf(NotFoundException.class).hasMessage("No such container: nosuch");
        assertThatThrownBy(() -> client().files().commit(commit(id, null, List.of("FROM busybox"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("from is not a valid change command");
        assertThatThrownBy(() -> client().files().commit(commit(id, "Bad Name", List.of())))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid reference format");
        assertThatThrownBy(() -> client().files().changes("nosuch")).isInstanceOf(NotFoundException.class)
                .hasMessage("No such container: nosuch");
        assertThatThrownBy(() -> client().files().export("nosuch", new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class).hasMessage("No such container: nosuch");
        assertThat(client().files().changes(id)).extracting(FilesystemChange::path).isEmpty();
        assertThat(client().images().list(new io.berth.api.model.ImageListOptions(true, java.util.Map.of(), false)))
                .hasSize(images);
        client().containers().remove(id, new RemoveOptions(true, false));
    }
}
