package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.HostConfig;
import io.berth.api.model.Mount;
import io.berth.common.NotFoundException;
import io.berth.engine.events.EventBus;
import io.berth.engine.volume.VolumeService;
import io.berth.runtime.oci.OciSpec;
import io.berth.store.state.StateStore;
import io.berth.volume.LocalDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning a container's mounts, copy-up and the OCI mounts, on a real volume service in a temp dir. */
class ContainerMountsTest {
    private static final String ID = "a".repeat(64);
    private static final String OTHER = "b".repeat(64);

    @TempDir
    Path root;
    StateStore state;
    VolumeService volumes;
    ContainerMounts mounts;

    @BeforeEach
    void open() {
        state = StateStore.open(root.resolve("state.db"));
        volumes = new VolumeService(state, new LocalDriver(root.resolve("volumes")), new EventBus());
        mounts = new ContainerMounts(volumes, path -> Files.exists(Path.of(path)));
    }

    @AfterEach
    void close() {
        state.close();
    }

    private List<ContainerMount> plan(HostConfig host, ContainerConfig config) {
        return mounts.plan(ID, host, config, ref -> {
            throw NotFoundException.container(ref);
        });
    }

    private static Map<String, Map<String, Object>> volumesAt(String... paths) {
        var map = new java.util.LinkedHashMap<String, Map<String, Object>>();
        for (String p : paths) {
            map.put(p, Map.of());
        }
        return map;
    }

    @Test
    void bindsMountsAndTheImagesVolumes() throws Exception {
        Path host = Files.createDirectories(root.resolve("host"));
        var hostConfig = HostConfig.builder()
                .binds(List.of(host + ":/srv:ro", "named:/data"))
                .mounts(List.of(Mount.builder().type("tmpfs").target("/scratch").build()))
                .tmpfs(Map.of("/run", "size=1m"))
                .build();
        var config = ContainerConfig.builder().volumes(volumesAt("/data", "/var/lib/app", "/run")).build();

        var planned = plan(hostConfig, config);

        assertThat(planned).extracting(ContainerMount::destination)
                .containsExactly("/srv", "/data", "/scratch", "/var/lib/app");
        assertThat(planned.get(0)).isEqualTo(new ContainerMount("bind", "/srv", host.toString(), "", "", false, "ro",
                "rprivate", false, true, "", false));
        assertThat(planned.get(1).name()).isEqualTo("named");
        assertThat(planned.get(1).mode()).as("Docker's mode for a local volume").isEqualTo("z");
        var anonymous = planned.get(3);
        assertThat(anonymous.named()).isFalse();
        assertThat(anonymous.copyData()).isTrue();
        assertThat(anonymous.mode()).isEmpty();
        assertThat(volumes.find(anonymous.name()).orElseThrow().anonymous()).isTrue();
        assertThat(volumes.list(Map.of("dangling", List.of("false"))).volumes()).hasSize(2);
    }

    @Test
    void duplicateMountPointsAreRefusedBeforeAnythingIsCreated() {
        var bindAndMount = HostConfig.builder()
                .binds(List.of("v1:/x"))
                .mounts(List.of(Mount.builder().type("volume").source("v2").target("/x/").build())).build();
        var bindAndTmpfs = HostConfig.builder().binds(List.of("v1:/x")).tmpfs(Map.of("/x", "")).build();
        var twoBinds = HostConfig.builder().binds(List.of("v1:/x", "v2:/x")).build();

        assertThatThrownBy(() -> plan(bindAndMount, ContainerConfig.builder().build()))
                .hasMessage("Duplicate mount point: /x/");
        assertThatThrownBy(() -> plan(bindAndTmpfs, ContainerConfig.builder().build()))
                .hasMessage("Duplicate mount point: /x");
        assertThatThrownBy(() -> plan(twoBinds, ContainerConfig.builder().build()))
                .hasMessage("Duplicate mount point: /x");
        assertThat(volumes.list(Map.of()).volumes()).isEmpty();
    }

    @Test
    void aFailedPlanGivesBackWhatItTook() {
        var host = HostConfig.builder()
                .binds(List.of("/anon"))
                .mounts(List.of(Mount.builder().type("volume").source("v9").target("/y")
                        .volumeOptions(Mount.VolumeOptions.builder().driverConfig(
                                Mount.VolumeOptions.DriverConfig.builder().name("nfs-plugin").build()).build())
                        .build()))
                .build();

        assertThatThrownBy(() -> plan(host, ContainerConfig.builder().build())).isInstanceOf(NotFoundException.class);

        assertThat(volumes.list(Map.of()).volumes()).as("the anonymous volume went again").isEmpty();
    }

    @Test
    void volumesFromCopiesTheOtherContainersMountsReadOnlyOnRequest() {
        var other = Fixtures.container(OTHER, "data", new RunState.Created("", 0)).withMounts(List.of(
                new ContainerMount("volume", "/data", "", "shared", "local", true, "z", "", true, true, "", false)));
        volumes.acquire(java.util.Optional.of("shared"), "", null, null, OTHER);
        var host = HostConfig.builder().volumesFrom(List.of("data:ro")).build();

        var planned = mounts.plan(ID, host, ContainerConfig.builder().build(), ref -> other);

        assertThat(planned).containsExactly(new ContainerMount("volume", "/data", "", "shared", "local", false, "",
                "", false, true, "", false));
        assertThatThrownBy(() -> volumes.remove("shared", false)).hasMessageContaining(OTHER).hasMessageContaining(ID);
    }

    @Test
    void copyUpFillsANewVolumeOnce() throws Exception {
        Path rootfs = Files.createDirectories(root.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("data/sub"));
        Files.writeString(rootfs.resolve("data/sub/file"), "from the image");
        Files.writeString(rootfs.resolve("etc-file"), "x");
        var planned = plan(HostConfig.builder().binds(List.of("filled:/data", "bare:/data2:nocopy")).build(),
                ContainerConfig.builder().build());
        var c = Fixtures.container(ID, "web", new RunState.Created("", 0)).withMounts(planned);

        mounts.copyUp(c, rootfs);
        Files.writeString(volumes.dataPath("filled").resolve("sub/file"), "changed");
        mounts.copyUp(c, rootfs);

        assertThat(volumes.dataPath("filled").resolve("sub/file")).hasContent("changed");
        assertThat(volumes.isEmpty("bare")).isTrue();
        var overFile = Fixtures.container(ID, "web", new RunState.Created("", 0)).withMounts(List.of(
                new ContainerMount("volume", "/etc-file", "", "bare", "local", true, "", "", true, false, "", false)));
        assertThatThrownBy(() -> mounts.copyUp(overFile, rootfs))
                .hasMessage("cannot mount volume over existing file, file exists " + rootfs.resolve("etc-file"));
    }

    @Test
    void theRuntimeGetsBindsVolumesAndTmpfsShallowFirst() {
        Path missing = root.resolve("created/at/start");
        var host = HostConfig.builder()
                .binds(List.of(missing + ":/a/b/c", "vol:/a:ro"))
                .mounts(List.of(Mount.builder().type("tmpfs").target("/t").tmpfsOptions(
                        Mount.TmpfsOptions.builder().sizeBytes(1L << 20).build()).build()))
                .tmpfs(Map.of("/run", "exec,size=2m"))
                .build();
        var c = Fixtures.container(ID, "web", new RunState.Created("", 0), ContainerConfig.builder().build(), host)
                .withMounts(plan(host, ContainerConfig.builder().build()));

        var prepared = mounts.prepare(c);

        assertThat(prepared.mounts()).containsExactly(
                new OciSpec.Mount("/a", "bind", volumes.dataPath("vol").toString(), List.of("rbind", "ro")),
                new OciSpec.Mount("/t", "tmpfs", "tmpfs", List.of("noexec", "nosuid", "nodev", "rprivate", "size=1m")),
                new OciSpec.Mount("/run", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "rprivate", "exec", "size=2m")),
                new OciSpec.Mount("/a/b/c", "bind", missing.toString(), List.of("rbind", "rprivate")));
        assertThat(prepared.rootfsPropagation()).isEmpty();
        assertThat(missing).isDirectory();
        assertThat(mounts.views(c)).extracting(m -> m.type() + " " + m.destination() + " " + m.mode() + " " + m.rw())
                .containsExactly("bind /a/b/c  true", "volume /a ro false", "tmpfs /t  true");
    }

    @Test
    void sharedPropagationNeedsASharedSource() {
        var host = HostConfig.builder().binds(List.of(root + ":/x:rshared")).build();
        var c = Fixtures.container(ID, "web", new RunState.Created("", 0), ContainerConfig.builder().build(), host)
                .withMounts(plan(host, ContainerConfig.builder().build()));

        assertThatThrownBy(() -> mounts.prepare(c)).hasMessageStartingWith("path " + root + " is mounted on ")
                .hasMessageEndingWith(" but it is not a shared mount");
    }

    @Test
    void removingWithVolumesTakesOnlyAnonymousOnes() {
        var planned = plan(HostConfig.builder().binds(List.of("kept:/k")).build(),
                ContainerConfig.builder().volumes(volumesAt("/anon")).build());
        var c = Fixtures.container(ID, "web", new RunState.Created("", 0)).withMounts(planned);

        mounts.remove(c, true);

        assertThat(volumes.list(Map.of()).volumes()).extracting(v -> v.name()).containsExactly("kept");
        assertThat(volumes.list(Map.of("dangling", List.of("true"))).volumes()).hasSize(1);
    }
}
