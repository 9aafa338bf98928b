package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.HostConfig;
import io.berth.api.model.Mount;
import io.berth.api.model.MountPoint;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.StopOptions;
import io.berth.api.model.VolumeCreateRequest;
import io.berth.api.model.WaitCondition;
import io.berth.client.BerthClient;
import io.berth.common.ConflictException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.common.linux.Linux;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import io.berth.common.linux.MountInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Volumes and mounts with real containers: each mount kind, copy-up, volumes-from, read-only, restarts. */
@RequiresRoot
class VolumeIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() throws Exception {
        berthd.bootstrapBusybox();
        // an image with VOLUME /data holding a seed file, and a static busybox to look at it
        var tar = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(tar)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String dir : List.of("bin/", "data/", "tmp/")) {
                out.putArchiveEntry(new TarArchiveEntry(dir));
                out.closeArchiveEntry();
            }
            byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
            var binary = new TarArchiveEntry("bin/busybox");
            binary.setSize(busybox.length);
            binary.setMode(0755);
            out.putArchiveEntry(binary);
            out.write(busybox);
            out.closeArchiveEntry();
            var sh = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
            sh.setLinkName("busybox");
            out.putArchiveEntry(sh);
            out.closeArchiveEntry();
            byte[] seed = "seeded by the image\n".getBytes();
            var file = new TarArchiveEntry("data/seed.txt");
            file.setSize(seed.length);
            out.putArchiveEntry(file);
            out.write(seed);
            out.closeArchiveEntry();
        }
        berthd.client().images().importImage(new ByteArrayInputStream(tar.toByteArray()), "withvolume", "latest", "",
                List.of("VOLUME /data", "ENV PATH=/bin"), _ -> { });
    }

    private static BerthClient client() {
        return berthd.client();
    }

    private static ContainerCreateRequest request(String image, List<String> cmd, UnaryOperator<HostConfig.Builder> host,
                                                  Map<String, Map<String, Object>> volumes) {
        var config = ContainerConfig.builder().image(image).cmd(cmd).attachStdout(true).attachStderr(true)
                .volumes(volumes).build();
        return new ContainerCreateRequest(config, host.apply(HostConfig.builder().networkMode("none")).build(),
                NetworkingConfig.builder().build());
    }

    private static String create(UnaryOperator<HostConfig.Builder> host, String... cmd) {
        return client().containers().create(Optional.empty(), request("busybox", List.of(cmd), host, null)).id();
    }

    /** Runs a container to its end; returns its exit code and output. */
    private static Result run(UnaryOperator<HostConfig.Builder> host, String... cmd) {
        return runCreated(create(host, cmd));
    }

    private static Result runCreated(String id) {
        client().containers().start(id);
        long code = client().containers().await(id, WaitCondition.NOT_RUNNING).statusCode();
        var logs = Containers.logs(client(), id);
        return new Result(id, code, logs.stdout(), logs.stderr());
    }

    record Result(String id, long exitCode, String out, String err) {}

    private static void remove(String id, boolean volumes) {
        client().containers().remove(id, new RemoveOptions(true, volumes));
    }

    private static List<String> volumeNames() {
        return client().volumes().list(Map.of()).volumes().stream().map(v -> v.name()).toList();
    }

    @Test
    void aNamedVolumeKeepsItsDataAcrossContainersAndADaemonRestart() throws Exception {
        client().volumes().create(VolumeCreateRequest.builder().name("keep").labels(Map.of("app", "it")).build());

        var writer = run(h -> h.binds(List.of("keep:/data")), "sh", "-c", "echo kept > /data/file");
        remove(writer.id(), true);
        var reader = run(h -> h.binds(List.of("keep:/data")), "cat", "/data/file");
        berthd.stop();
        berthd.start();
        var afterRestart = run(h -> h.mounts(List.of(Mount.builder().type("volume").source("keep").target("/v")
                .readOnly(true).build())), "cat", "/v/file");

        assertThat(writer.exitCode()).as(writer.err()).isZero();
        assertThat(reader.out()).isEqualTo("kept\n");
        assertThat(afterRestart.out()).isEqualTo("kept\n");
        var inspect = client().volumes().inspect("keep");
        assertThat(inspect.labels()).containsExactly(Map.entry("app", "it"));
        assertThat(inspect.mountpoint()).isEqualTo(berthd.dataRoot().resolve("volumes/keep/_data").toString());
        assertThat(Path.of(inspect.mountpoint()).resolve("file")).hasContent("kept");
        // in use by the stopped containers, after a restart too: 409 with their IDs, as Docker says it
        assertThatThrownBy(() -> client().volumes().remove("keep", true)).isInstanceOf(ConflictException.class)
                .hasMessageStartingWith("remove keep: volume is in use - [")
                .hasMessageContaining(reader.id()).hasMessageContaining(afterRestart.id());
        assertThat(client().volumes().list(Map.of("dangling", List.of("false"))).volumes())
                .extracting(v -> v.name()).contains("keep");
        remove(reader.id(), true);
        remove(afterRestart.id(), true);
        client().volumes().remove("keep", false);
        assertThat(volumeNames()).doesNotContain("keep");
        assertThat(berthd.dataRoot().resolve("volumes/keep")).doesNotExist();
    }

    @Test
    void copyUpFillsANewVolumeWithTheImagesContentUnlessNocopy() {
        var copied = run(h -> h.mounts(List.of(Mount.builder().type("volume").source("etc-copy").target("/etc").build())),
                "cat", "/etc/passwd");
        var bare = run(h -> h.mounts(List.of(Mount.builder().type("volume").source("etc-bare").target("/etc")
                .volumeOptions(Mount.VolumeOptions.builder().noCopy(true).build()).build())), "ls", "/etc");
        var nocopyMode = run(h -> h.binds(List.of("etc-bare2:/etc:nocopy")), "ls", "/etc");

        assertThat(copied.exitCode()).as(copied.err()).isZero();
        assertThat(copied.out()).contains("root:");
        assertThat(berthd.dataRoot().resolve("volumes/etc-copy/_data/passwd")).exists();
        assertThat(bare.out()).doesNotContain("passwd");
        assertThat(nocopyMode.out()).doesNotContain("passwd");
        for (var r : List.of(copied, bare, nocopyMode)) {
            remove(r.id(), true);
        }
        for (String v : List.of("etc-copy", "etc-bare", "etc-bare2")) {
            client().volumes().remove(v, false);
        }
    }

    @Test
    void theImagesVolumeIsAnAnonymousVolumeThatRmDashVRemoves() {
        var withVolume = client().containers().create(Optional.empty(),
                request("withvolume", List.of("/bin/busybox", "cat", "/data/seed.txt"), h -> h, null)).id();
        var both = client().containers().create(Optional.empty(), request("busybox", List.of("true"),
                h -> h.binds(List.of("named-too:/named")), Map.of("/scratch", Map.of()))).id();

        var result = runCreated(withVolume);
        var mounts = client().containers().inspect(withVolume).mounts();
        var bothMounts = client().containers().inspect(both).mounts();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("seeded by the image\n");
        assertThat(mounts).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo("volume");
            assertThat(m.name()).matches("[0-9a-f]{64}");
            assertThat(m.destination()).isEqualTo("/data");
            assertThat(m.driver()).isEqualTo("local");
            assertThat(m.mode()).isEmpty();
            assertThat(m.rw()).isTrue();
            assertThat(m.source()).isEqualTo(berthd.dataRoot().resolve("volumes/" + m.name() + "/_data").toString());
        });
        String anonymous = mounts.getFirst().name();
        assertThat(client().volumes().inspect(anonymous).labels()).containsKey("com.docker.volume.anonymous");
        assertThat(bothMounts).extracting(MountPoint::destination).containsExactlyInAnyOrder("/named", "/scratch");
        assertThat(bothMounts).filteredOn(m -> m.destination().equals("/named")).singleElement()
                .satisfies(m -> assertThat(m.mode()).isEqualTo("z"));
        String scratch = bothMounts.stream().filter(m -> m.destination().equals("/scratch")).findFirst().orElseThrow().name();

        remove(withVolume, true);
        remove(both, false);

        assertThat(volumeNames()).doesNotContain(anonymous).contains("named-too", scratch);
        assertThat(client().volumes().prune(Map.of()).volumesDeleted()).containsExactly(scratch);
        assertThat(client().volumes().prune(Map.of("all", List.of("true"))).volumesDeleted()).contains("named-too");
    }

    @Test
    void bindMountsReadWriteAndReadOnly() throws Exception {
        Path host = Files.createDirectories(berthd.root().resolve("bind-source"));
        Files.writeString(host.resolve("from-host"), "host\n");
        Path missing = berthd.root().resolve("made-by-dash-v/sub");

        var writes = run(h -> h.binds(List.of(host + ":/h", missing + ":/m")),
                "sh", "-c", "cat /h/from-host && echo container > /h/from-container && touch /m/x");
        var readOnly = run(h -> h.binds(List.of(host + ":/h:ro")), "sh", "-c", "touch /h/nope");
        var mountReadOnly = run(h -> h.mounts(List.of(Mount.builder().type("bind").source(host.toString()).target("/h")
                .readOnly(true).build())), "sh", "-c", "cat /h/from-container; touch /h/nope");
        var inspect = client().containers().inspect(writes.id()).mounts();

        assertThat(writes.exitCode()).as(writes.err()).isZero();
        assertThat(writes.out()).isEqualTo("host\n");
        assertThat(host.resolve("from-container")).hasContent("container");
        assertThat(missing.resolve("x")).as("-v creates a missing host directory, as Docker").exists();
        assertThat(readOnly.exitCode()).isNotZero();
        assertThat(readOnly.err()).contains("Read-only file system");
        assertThat(mountReadOnly.out()).isEqualTo("container\n");
        assertThat(mountReadOnly.exitCode()).isNotZero();
        assertThat(host.resolve("nope")).doesNotExist();
        assertThat(inspect).filteredOn(m -> m.destination().equals("/h")).singleElement()
                .isEqualTo(MountPoint.builder().type("bind").source(host.toString()).destination("/h").mode("")
                        .rw(true).propagation("rprivate").build());
        for (var r : List.of(writes, readOnly, mountReadOnly)) {
            remove(r.id(), true);
        }
    }

    @Test
    void tmpfsMounts() {
        var result = run(h -> h.tmpfs(Map.of("/run/t", "size=1m,mode=700"))
                        .mounts(List.of(Mount.builder().type("tmpfs").target("/scratch")
                                .tmpfsOptions(Mount.TmpfsOptions.builder().sizeBytes(2L << 20).build()).build())),
                "sh", "-c", "grep -E ' /(run/t|scratch) ' /proc/mounts; stat -c %a /run/t; echo x > /scratch/f && cat /scratch/f");
        var mounts = client().containers().inspect(result.id()).mounts();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("tmpfs /run/t tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,mode=700")
                .containsPattern("tmpfs /scratch tmpfs rw,nosuid,nodev,noexec,relatime,size=2048k")
                .contains("\n700\n").endsWith("x\n");
        assertThat(mounts).as("--tmpfs is no mount point in inspect, --mount type=tmpfs is").singleElement()
                .satisfies(m -> {
                    assertThat(m.type()).isEqualTo("tmpfs");
                    assertThat(m.destination()).isEqualTo("/scratch");
                    assertThat(m.source()).isEmpty();
                });
        remove(result.id(), true);
    }

    @Test
    void volumesFromSharesTheOtherContainersMountsReadOnlyOnRequest() {
        String data = client().containers().create(Optional.of("datastore"), request("busybox",
                List.of("sh", "-c", "echo shared > /shared/f; echo anon > /anon/f"),
                h -> h.binds(List.of("shared-vol:/shared")), Map.of("/anon", Map.of()))).id();
        runCreated(data);

        var readWrite = run(h -> h.volumesFrom(List.of("datastore")), "sh", "-c", "cat /shared/f /anon/f; echo more >> /shared/f");
        var readOnly = run(h -> h.volumesFrom(List.of("datastore:ro")), "sh", "-c", "cat /shared/f; echo no >> /shared/f");

        assertThat(readWrite.exitCode()).as(readWrite.err()).isZero();
        assertThat(readWrite.out()).isEqualTo("shared\nanon\n");
        assertThat(readOnly.out()).isEqualTo("shared\nmore\n");
        assertThat(readOnly.exitCode()).isNotZero();
        assertThat(client().containers().inspect(readOnly.id()).mounts()).allSatisfy(m -> assertThat(m.rw()).isFalse());
        assertThatThrownBy(() -> create(h -> h.volumesFrom(List.of("nosuch")), "true"))
                .isInstanceOf(NotFoundException.class).hasMessage("No such container: nosuch");
        String anonymous = client().containers().inspect(data).mounts().stream()
                .filter(m -> m.destination().equals("/anon")).findFirst().orElseThrow().name();
        remove(data, true);
        assertThat(volumeNames()).as("the others still use it").contains(anonymous);
        remove(readWrite.id(), true);
        remove(readOnly.id(), true);
        assertThat(volumeNames()).doesNotContain(anonymous).contains("shared-vol");
        client().volumes().remove("shared-vol", false);
    }

    @Test
    void aReadOnlyRootStillWritesToItsVolumesAndTmpfs() {
        var result = run(h -> h.readonlyRootfs(true).binds(List.of("ro-root-vol:/v")).tmpfs(Map.of("/tmp", "")),
                "sh", "-c", "touch /v/ok && touch /tmp/ok && echo writable; touch /etc/hosts || echo hosts-ro; touch /nope");

        assertThat(result.out()).isEqualTo("writable\nhosts-ro\n");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("Read-only file system");
        remove(result.id(), true);
        client().volumes().remove("ro-root-vol", false);
    }

    @Test
    void aVolumeWithOptionsIsMountedOnlyWhileItsContainerRuns() {
        client().volumes().create(VolumeCreateRequest.builder().name("tmpvol")
                .driverOpts(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m")).build());
        Path data = berthd.dataRoot().resolve("volumes/tmpvol/_data");
        String id = create(h -> h.binds(List.of("tmpvol:/v")), "sh", "-c",
                "grep ' /v ' /proc/mounts; echo x > /v/f; while true; do sleep 1; done");

        client().containers().start(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> Containers.logs(client(), id).stdout().contains("tmpfs"));
        boolean mountedWhileRunning = MountInfo.isMountPoint(data);
        client().containers().stop(id, new StopOptions(Optional.of(Duration.ofSeconds(1)), Optional.empty()));

        assertThat(Containers.logs(client(), id).stdout()).contains("size=1024k");
        assertThat(mountedWhileRunning).isTrue();
        assertThat(MountInfo.isMountPoint(data)).isFalse();
        assertThat(data.resolve("f")).as("the tmpfs went with its content").doesNotExist();
        var inspect = client().volumes().inspect("tmpvol");
        assertThat(inspect.options()).containsEntry("type", "tmpfs").containsEntry("o", "size=1m");
        remove(id, true);
        client().volumes().remove("tmpvol", false);
    }

    @Test
    void hostMountsPropagateIntoAnRslaveBind() throws Exception {
        Path shared = Files.createDirectories(berthd.root().resolve("propagation"));
        Files.createDirectories(shared.resolve("later"));
        Linux.mount(shared.toString(), shared.toString(), null, Linux.MS_BIND, null);
        try {
            Linux.mount(null, shared.toString(), null, 1 << 20 /* MS_SHARED */, null);
            String id = create(h -> h.binds(List.of(shared + ":/p:rslave")), "sh", "-c",
                    "while ! grep -q ' /p/later ' /proc/mounts; do sleep 0.2; done; echo propagated");
            client().containers().start(id);
            Linux.mount("tmpfs", shared.resolve("later").toString(), "tmpfs", 0, "size=64k");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> Containers.logs(client(), id).stdout()
                        .contains("propagated"));
                assertThat(client().containers().await(id, WaitCondition.NOT_RUNNING).statusCode()).isZero();
                assertThat(client().containers().inspect(id).mounts()).singleElement()
                        .satisfies(m -> assertThat(m.propagation()).isEqualTo("rslave"));
            } finally {
                Linux.umount(shared.resolve("later").toString(), Linux.MNT_DETACH);
            }
            remove(id, true);
        } finally {
            Linux.umount(shared.toString(), Linux.MNT_DETACH);
        }
        // a private source cannot propagate: Docker's message
        String privateSource = create(h -> h.binds(List.of(berthd.root() + ":/p:rshared")), "true");
        assertThatThrownBy(() -> client().containers().start(privateSource))
                .hasMessageContaining("is mounted on / but it is not a shared mount");
        remove(privateSource, true);
    }

    @Test
    void badMountsAreRefusedWithDockersMessagesAndLeaveNothing() {
        int containersBefore = client().containers().list(new io.berth.api.model.ContainerListOptions(true,
                java.util.OptionalInt.empty(), false, Map.of())).size();
        var volumesBefore = volumeNames();

        assertThatThrownBy(() -> create(h -> h.binds(List.of("dup1:/x", "dup2:/x")), "true"))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("Duplicate mount point: /x");
        assertThatThrownBy(() -> create(h -> h.binds(List.of("dup1:/x")).mounts(List.of(Mount.builder()
                .type("volume").source("dup2").target("/x").build())), "true"))
                .hasMessage("Duplicate mount point: /x");
        assertThatThrownBy(() -> create(h -> h.mounts(List.of(Mount.builder().type("bind").source("/no/such/dir")
                .target("/x").build())), "true"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir");
        assertThatThrownBy(() -> create(h -> h.binds(List.of("relative/dir:/x")), "true"))
                .hasMessage("create relative/dir: \"relative/dir\" includes invalid characters for a local volume "
                        + "name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host "
                        + "directory, use absolute path");
        assertThatThrownBy(() -> create(h -> h.binds(List.of("/h:/x:bogus")), "true")).hasMessage("invalid mode: bogus");
        assertThatThrownBy(() -> create(h -> h.binds(List.of("/h:x")), "true"))
                .hasMessage("invalid volume specification: '/h:x': invalid mount config for type \"bind\": invalid "
                        + "mount path: 'x' mount path must be absolute");
        assertThatThrownBy(() -> create(h -> h.tmpfs(Map.of("relative", "")), "true"))
                .hasMessage("invalid mount path: 'relative' mount path must be absolute");

        assertThat(client().containers().list(new io.berth.api.model.ContainerListOptions(true,
                java.util.OptionalInt.empty(), false, Map.of()))).hasSize(containersBefore);
        assertThat(volumeNames()).isEqualTo(volumesBefore);
        assertThat(Path.of("/no/such/dir")).doesNotExist();
    }

    @Test
    void berthVolumeCommands() {
        var create = berthd.berth("volume", "create", "--label", "team=a", "cli-vol");
        var anonymous = berthd.berth("volume", "create");
        var ls = berthd.berth("volume", "ls", "--filter", "label=team=a");
        var quiet = berthd.berth("volume", "ls", "-q", "--filter", "name=cli-");
        var format = berthd.berth("volume", "inspect", "--format", "{{.Name}} {{.Driver}} {{.Labels}}", "cli-vol");
        var missing = berthd.berth("volume", "inspect", "nosuch");
        String id = create(h -> h.binds(List.of("cli-vol:/v")), "true");
        var busy = berthd.berth("volume", "rm", "cli-vol");
        remove(id, false);
        var prune = berthd.berth("volume", "prune", "-f");
        var rm = berthd.berth("volume", "rm", "cli-vol");

        assertThat(create.out()).isEqualTo("cli-vol\n");
        assertThat(anonymous.out().strip()).matches("[0-9a-f]{64}");
        assertThat(ls.out()).isEqualTo("DRIVER    VOLUME NAME\nlocal     cli-vol\n");
        assertThat(quiet.out()).isEqualTo("cli-vol\n");
        assertThat(format.out()).isEqualTo("cli-vol local map[team:a]\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEqualTo("[]\n");
        assertThat(missing.err()).isEqualTo("Error response from daemon: get nosuch: no such volume\n");
        assertThat(busy.exitCode()).isEqualTo(1);
        assertThat(busy.err()).isEqualTo("Error response from daemon: remove cli-vol: volume is in use - [" + id + "]\n");
        assertThat(prune.out()).contains("Deleted Volumes:\n" + anonymous.out().strip() + "\n")
                .contains("Total reclaimed space: 0B");
        assertThat(rm.out()).isEqualTo("cli-vol\n");
    }
}
