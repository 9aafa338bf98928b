package io.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.VolumeCreateRequest;
import io.berth.common.ConflictException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.NotFoundException;
import io.berth.engine.events.EventBus;
import io.berth.store.state.StateStore;
import io.berth.volume.LocalDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeServiceTest {
    private static final String C1 = "c1".repeat(32);
    private static final String C2 = "c2".repeat(32);

    @TempDir
    Path root;
    StateStore state;
    VolumeService volumes;

    @BeforeEach
    void open() {
        state = StateStore.open(root.resolve("state.db"));
        volumes = new VolumeService(state, new LocalDriver(root.resolve("volumes")), new EventBus());
    }

    @AfterEach
    void close() {
        state.close();
    }

    private static VolumeCreateRequest named(String name, Map<String, String> labels) {
        return VolumeCreateRequest.builder().name(name).driver("local").driverOpts(Map.of()).labels(labels).build();
    }

    @Test
    void createInspectListAndRemove() {
        var created = volumes.create(named("data", Map.of("app", "web")));

        assertThat(created.name()).isEqualTo("data");
        assertThat(created.driver()).isEqualTo("local");
        assertThat(created.scope()).isEqualTo("local");
        assertThat(created.mountpoint()).isEqualTo(root.resolve("volumes/data/_data").toString());
        assertThat(Path.of(created.mountpoint())).isDirectory();
        assertThat(created.createdAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(volumes.inspect("data")).isEqualTo(created);
        assertThat(volumes.list(Map.of()).volumes()).containsExactly(created);
        String json = Json.write(created);
        assertThat(json).doesNotContain("UsageData", "ClusterVolume", "Status").contains("\"Options\":{}");

        volumes.remove("data", false);

        assertThatThrownBy(() -> volumes.inspect("data")).isInstanceOf(NotFoundException.class)
                .hasMessage("get data: no such volume");
        assertThat(root.resolve("volumes/data")).doesNotExist();
    }

    @Test
    void creatingAnExistingNameAnswersWithIt() {
        var first = volumes.create(named("data", Map.of("a", "1")));

        var again = volumes.create(named("data", Map.of("b", "2")));

        assertThat(again).isEqualTo(first);
    }

    @Test
    void anonymousVolumesGetAnIdAndTheLabel() {
        var created = volumes.create(VolumeCreateRequest.builder().build());

        assertThat(created.name()).matches("[0-9a-f]{64}");
        assertThat(created.labels()).containsExactly(Map.entry(VolumeRecord.ANONYMOUS_LABEL, ""));
        assertThat(created.options()).isNull();
    }

    @Test
    void badInputIsRefusedAndLeavesNothing() {
        assertThatThrownBy(() -> volumes.create(named("a/b", null))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("create a/b: \"a/b\" includes invalid characters for a local volume name");
        assertThatThrownBy(() -> volumes.create(VolumeCreateRequest.builder().name("x1").driver("nfs-plugin").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("create x1: error looking up volume plugin nfs-plugin: plugin \"nfs-plugin\" not found");
        assertThatThrownBy(() -> volumes.create(VolumeCreateRequest.builder().name("x2")
                .driverOpts(Map.of("type", "tmpfs")).build()))
                .hasMessage("create x2: missing required option: \"device\"");
        assertThat(volumes.list(Map.of()).volumes()).isEmpty();
        assertThat(root.resolve("volumes")).isEmptyDirectory();
    }

    @Test
    void aReferencedVolumeCannotBeRemovedEvenByForce() {
        volumes.acquire(Optional.of("data"), "", null, null, C1);
        volumes.reference("data", C2);

        assertThatThrownBy(() -> volumes.remove("data", true)).isInstanceOf(ConflictException.class)
                .hasMessage("remove data: volume is in use - [" + C1 + ", " + C2 + "]");
        volumes.release("data", C1);
        volumes.release("data", C2);
        volumes.remove("data", false);
        volumes.remove("data", true); // gone: force says nothing
        assertThatThrownBy(() -> volumes.remove("data", false)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void listFilters() {
        volumes.create(named("web-data", Map.of("app", "web", "tier", "front")));
        volumes.create(named("db-data", Map.of("app", "db")));
        volumes.acquire(Optional.of("cache1"), "", null, null, C1);

        assertThat(names(Map.of("name", List.of("data")))).containsExactlyInAnyOrder("web-data", "db-data");
        assertThat(names(Map.of("name", List.of("^web")))).containsExactly("web-data");
        assertThat(names(Map.of("label", List.of("app")))).containsExactlyInAnyOrder("web-data", "db-data");
        assertThat(names(Map.of("label", List.of("app=web", "tier=front")))).containsExactly("web-data");
        assertThat(names(Map.of("label", List.of("app=web", "tier=back")))).isEmpty();
        assertThat(names(Map.of("dangling", List.of("true")))).containsExactlyInAnyOrder("web-data", "db-data");
        assertThat(names(Map.of("dangling", List.of("false")))).containsExactly("cache1");
        assertThat(names(Map.of("driver", List.of("local")))).hasSize(3);
        assertThat(names(Map.of("driver", List.of("other")))).isEmpty();
        assertThatThrownBy(() -> names(Map.of("colour", List.of("red")))).hasMessage("invalid filter 'colour'");
        assertThatThrownBy(() -> names(Map.of("dangling", List.of("maybe"))))
                .hasMessage("invalid filter 'dangling=maybe'");
    }

    @Test
    void pruneTakesUnusedAnonymousVolumesUnlessAll() throws Exception {
        var anonymous = volumes.create(VolumeCreateRequest.builder().build()).name();
        var usedAnonymous = volumes.acquire(Optional.empty(), "", null, null, C1).name();
        volumes.create(named("kept", Map.of("keep", "yes")));
        volumes.create(named("loose", Map.of()));
        volumes.create(VolumeCreateRequest.builder().name("tmp-opts").driverOpts(Map.of("type", "tmpfs",
                "device", "tmpfs")).build());
        Files.writeString(volumes.dataPath(anonymous).resolve("f"), "1234567");

        var first = volumes.prune(Map.of());

        assertThat(first.volumesDeleted()).containsExactly(anonymous);
        assertThat(first.spaceReclaimed()).isEqualTo(7);
        var second = volumes.prune(Map.of("all", List.of("true"), "label!", List.of("keep=yes")));
        assertThat(second.volumesDeleted()).containsExactly("loose");
        assertThat(names(Map.of())).containsExactlyInAnyOrder(usedAnonymous, "kept", "tmp-opts");
        assertThatThrownBy(() -> volumes.prune(Map.of("all", List.of("maybe"))))
                .hasMessage("invalid filter 'all': strconv.ParseBool: parsing \"maybe\": invalid syntax");
        assertThatThrownBy(() -> volumes.prune(Map.of("dangling", List.of("true"))))
                .hasMessage("invalid filter 'dangling'");
    }

    @Test
    void recordsSurviveAReopen() {
        volumes.create(named("data", Map.of("a", "1")));
        state.close();

        state = StateStore.open(root.resolve("state.db"));
        volumes = new VolumeService(state, new LocalDriver(root.resolve("volumes")), new EventBus());

        assertThat(volumes.inspect("data").labels()).containsExactly(Map.entry("a", "1"));
    }

    private List<String> names(Map<String, List<String>> filters) {
        return volumes.list(filters).volumes().stream().map(v -> v.name()).toList();
    }
}
