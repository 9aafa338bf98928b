package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.ExecResult;
import io.berth.common.Json;
import io.berth.common.linux.Linux;
import io.berth.testing.BerthdExtension;
import io.berth.testing.Debris;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6's mount points through both CLIs: every propagation mode and {@code z}/{@code Z} with
 * {@code -v} and {@code --mount}, every {@code --mount} key, Docker's messages for bad specs (and
 * nothing left behind), the volume {@code mount}/{@code unmount} events, and {@code cp} into and
 * out of a stopped container where the path is in a volume or under a tmpfs mount.
 */
@RequiresRoot
class MountsIT {
    private static final Duration LONG = Duration.ofSeconds(60);

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static String docker(String... args) {
        ExecResult result = berthd.docker(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return result.out();
    }

    private static String berth(String... args) {
        var result = berthd.berth(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return result.out();
    }

    /** The optional fields of the mount at {@code /p} in the container's mountinfo (shared:N, master:N). */
    private static final String PROPAGATION_OF_P = "grep ' /p ' /proc/self/mountinfo | cut -d' ' -f6-";

    @Test
    void everyPropagationModeAndZAreAcceptedWithVAndMount() throws Exception {
        Path shared = Files.createDirectories(berthd.root().resolve("propagation-modes"));
        Linux.mount(shared.toString(), shared.toString(), null, Linux.MS_BIND, null);
        try {
            Linux.mount(null, shared.toString(), null, 1 << 20 /* MS_SHARED */, null);
            Map<String, String[]> modes = Map.ofEntries(
                    // mode → Propagation in inspect, RW, and what mountinfo shows (shared:, master:, neither)
                    Map.entry("shared", new String[] {"shared", "true", "shared:"}),
                    Map.entry("rshared", new String[] {"rshared", "true", "shared:"}),
                    Map.entry("slave", new String[] {"slave", "true", "master:"}),
                    Map.entry("rslave", new String[] {"rslave", "true", "master:"}),
                    Map.entry("private", new String[] {"private", "true", ""}),
                    Map.entry("rprivate", new String[] {"rprivate", "true", ""}),
                    Map.entry("z", new String[] {"rprivate", "true", ""}),
                    Map.entry("Z", new String[] {"rprivate", "true", ""}),
                    Map.entry("ro,z", new String[] {"rprivate", "false", ""}),
                    Map.entry("rw,Z", new String[] {"rprivate", "true", ""}),
                    Map.entry("ro,rslave", new String[] {"rslave", "false", "master:"}));
            for (var mode : modes.entrySet()) {
                String[] want = mode.getValue();
                String id = docker("create", "--network", "none", "-v", shared + ":/p:" + mode.getKey(), "busybox",
                        "sh", "-c", PROPAGATION_OF_P).strip();
                JsonNode mount = Json.tree(docker("inspect", "-f", "{{json .Mounts}}", id).getBytes()).get(0);
                String info = docker("start", "-a", id);

                assertThat(mount.path("Mode").asText()).as(mode.getKey()).isEqualTo(mode.getKey());
                assertThat(mount.path("Propagation").asText()).as(mode.getKey()).isEqualTo(want[0]);
                assertThat(mount.path("RW").asText()).as(mode.getKey()).isEqualTo(want[1]);
                assertThat(info).as(mode.getKey()).startsWith(want[1].equals("true") ? "rw," : "ro,");
                if (want[2].isEmpty()) {
                    assertThat(info).as(mode.getKey()).doesNotContain("shared:").doesNotContain("master:");
                } else {
                    assertThat(info).as(mode.getKey()).contains(want[2]);
                }
                docker("rm", id);
            }
            for (String propagation : List.of("shared", "slave", "private", "rshared", "rslave", "rprivate")) {
                var cli = propagation.startsWith("r") ? (java.util.function.Function<String[], String>) MountsIT::berth
                        : (java.util.function.Function<String[], String>) MountsIT::docker;
                String info = cli.apply(new String[] {"run", "--rm", "--network", "none", "--mount",
                        "type=bind,src=" + shared + ",dst=/p,bind-propagation=" + propagation + ",readonly", "busybox",
                        "sh", "-c", PROPAGATION_OF_P});

                assertThat(info).as(propagation).startsWith("ro,");
                assertThat(info.contains("shared:")).as(propagation).isEqualTo(propagation.endsWith("shared"));
                assertThat(info.contains("master:")).as(propagation)
                        .isEqualTo(propagation.endsWith("shared") || propagation.endsWith("slave"));
            }
        } finally {
            Linux.umount(shared.toString(), Linux.MNT_DETACH);
        }
    }

    @Test
    void everyMountKey() throws Exception {
        Path host = Files.createDirectories(berthd.root().resolve("mount-keys"));
        docker("run", "--name", "seeded", "--network", "none", "busybox", "sh", "-c",
                "mkdir /seed && echo from-image > /seed/f");
        docker("commit", "seeded", "seeded:1");
        docker("rm", "seeded");

        String tmpfs = berth("run", "--rm", "--network", "none", "--mount",
                "type=tmpfs,destination=/t,tmpfs-size=1m,tmpfs-mode=1770", "busybox", "grep", " /t ", "/proc/mounts");
        String copied = docker("run", "--rm", "--network", "none", "--mount", "type=volume,source=copied,target=/seed",
                "seeded:1", "cat", "/seed/f");
        String nocopy = berth("run", "--rm", "--network", "none", "--mount",
                "type=volume,src=nocopy,dst=/seed,volume-nocopy", "seeded:1", "ls", "-A", "/seed");
        String nocopyTrue = docker("run", "--rm", "--network", "none", "--mount",
                "type=volume,src=nocopy2,dst=/seed,volume-nocopy=true", "seeded:1", "ls", "-A", "/seed");
        String opts = docker("run", "--rm", "--network", "none", "--mount",
                "type=volume,src=optvol,dst=/v,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-opt=o=size=2m",
                "busybox", "grep", " /v ", "/proc/mounts");
        var readonly = new ArrayList<ExecResult>();
        for (String key : List.of("readonly", "readonly=true", "ro", "ro=1")) {
            readonly.add(berthd.docker("run", "--rm", "--network", "none", "--mount",
                    "type=bind,source=" + host + ",target=/b," + key, "busybox", "touch", "/b/" + key.replace('=', '-')));
        }
        String writable = docker("run", "--rm", "--network", "none", "--mount",
                "type=bind,src=" + host + ",dst=/b,readonly=false", "busybox", "sh", "-c", "echo w > /b/written; echo ok");

        assertThat(tmpfs).contains("tmpfs /t tmpfs").contains("size=1024k").contains("mode=1770");
        assertThat(copied).isEqualTo("from-image\n");
        assertThat(nocopy).isEmpty();
        assertThat(nocopyTrue).isEmpty();
        assertThat(opts).startsWith("tmpfs /v tmpfs").contains("size=2048k");
        assertThat(readonly).allSatisfy(r -> {
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("Read-only file system");
        });
        assertThat(writable).isEqualTo("ok\n");
        try (var files = Files.list(host)) {
            assertThat(files).containsExactly(host.resolve("written"));
        }
        assertThat(Json.tree(docker("volume", "inspect", "optvol").getBytes()).get(0).path("Options").path("o").asText())
                .isEqualTo("size=2m");
        assertThat(Debris.mountsUnder(berthd.root())).isEmpty();
        docker("volume", "rm", "copied", "nocopy", "nocopy2", "optvol");
        docker("rmi", "seeded:1");
    }

    @Test
    void badSpecsGetDockersMessagesThroughBothClisAndLeaveNothing() {
        String containersBefore = docker("ps", "-aq");
        String volumesBefore = docker("volume", "ls", "-q");
        Map<List<String>, String> cases = Map.of(
                List.of("--mount", "type=bind,src=/no/such/bind,dst=/x"),
                "invalid mount config for type \"bind\": bind source path does not exist: /no/such/bind",
                List.of("--mount", "type=bind,src=relative/dir,dst=/x"),
                "invalid mount config for type \"bind\": invalid mount path: 'relative/dir' mount path must be absolute",
                List.of("-v", "relative/dir:/x"),
                "create relative/dir: \"relative/dir\" includes invalid characters for a local volume name, only "
                        + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use "
                        + "absolute path",
                List.of("-v", "one1:/x", "-v", "two2:/x"), "Duplicate mount point: /x",
                List.of("-v", "/tmp:/x", "--tmpfs", "/x"), "Duplicate mount point: /x",
                List.of("--mount", "type=volume,dst=/x,readonly"),
                "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes",
                List.of("--mount", "type=bind,dst=/x"),
                "invalid mount config for type \"bind\": field Source must not be empty",
                List.of("-v", "/tmp:/x:bogus"), "invalid mode: bogus");

        for (var c : cases.entrySet()) {
            var argv = new ArrayList<String>(List.of("run", "--rm", "--network", "none"));
            argv.addAll(c.getKey());
            argv.addAll(List.of("busybox", "true"));
            var docker = berthd.docker(argv.toArray(String[]::new));
            var berth = berthd.berth(argv.toArray(String[]::new));

            assertThat(docker.exitCode()).as(c.getKey().toString()).isEqualTo(125);
            assertThat(docker.err()).as(c.getKey().toString()).contains("Error response from daemon: " + c.getValue());
            assertThat(berth.exitCode()).as(c.getKey().toString()).isEqualTo(125);
            assertThat(berth.err()).as(c.getKey().toString()).contains(c.getValue());
        }
        // -v creates a missing host directory, as Docker does; --mount does not (above)
        Path created = berthd.root().resolve("made-by-v");
        docker("run", "--rm", "--network", "none", "-v", created + ":/x", "busybox", "true");

        assertThat(created).isDirectory();
        assertThat(Path.of("/no/such/bind")).doesNotExist();
        assertThat(docker("ps", "-aq")).isEqualTo(containersBefore);
        assertThat(docker("volume", "ls", "-q")).isEqualTo(volumesBefore);
        assertThat(Debris.mountsUnder(berthd.root())).isEmpty();
    }

    @Test
    void volumesAreMountAndUnmountEventsOfTheirContainers() {
        Instant since = Instant.now().minusSeconds(1);
        String id = docker("run", "-d", "--network", "none", "-v", "evvol:/data:ro", "-v", "/data2", "busybox",
                "sleep", "1000").strip();
        String anonymous = Json.tree(docker("inspect", "-f", "{{json .Mounts}}", id).getBytes()).findValues("Name")
                .stream().map(JsonNode::asText).filter(n -> !n.equals("evvol")).findFirst().orElseThrow();
        docker("stop", "-t", "1", id);

        await().atMost(LONG).untilAsserted(() -> {
            var events = docker("events", "--since", Long.toString(since.getEpochSecond()), "--until",
                    Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "type=volume", "--format",
                    "{{.Action}} {{.Actor.ID}} {{index .Actor.Attributes \"container\"}} "
                            + "{{index .Actor.Attributes \"destination\"}} {{index .Actor.Attributes \"read/write\"}} "
                            + "{{index .Actor.Attributes \"driver\"}}").lines().toList();
            assertThat(events).containsSubsequence(
                    "mount evvol " + id + " /data false local",
                    "unmount evvol " + id + "   local");
            assertThat(events).contains("mount " + anonymous + " " + id + " /data2 true local",
                    "unmount " + anonymous + " " + id + "   local");
        });
        var filtered = docker("events", "--since", Long.toString(since.getEpochSecond()), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "volume=evvol", "--filter",
                "event=unmount", "--format", "{{.Action}}");
        assertThat(filtered.lines().toList()).containsExactly("unmount");
        // dockerd's order: the container dies, then its volumes are unmounted
        long die = Long.parseLong(docker("events", "--since", Long.toString(since.getEpochSecond()), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + id, "--filter",
                "event=die", "--format", "{{.TimeNano}}").strip());
        long unmount = Long.parseLong(docker("events", "--since", Long.toString(since.getEpochSecond()), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "volume=evvol", "--filter",
                "event=unmount", "--format", "{{.TimeNano}}").strip());
        assertThat(die).isLessThanOrEqualTo(unmount);
        docker("rm", "-v", id);
        docker("volume", "rm", "evvol");
    }

    @Test
    void cpIntoAndOutOfAStoppedContainersVolumesAndTmpfs() throws Exception {
        Path device = Files.createDirectories(berthd.root().resolve("volume-device"));
        Path local = Files.writeString(berthd.root().resolve("local.txt"), "from-host\n");
        docker("volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=" + device, "bindvol");
        String id = docker("create", "--network", "none", "-v", "plainvol:/pv", "-v", "bindvol:/bv", "--tmpfs", "/tm",
                "busybox", "sh", "-c", "cat /pv/local.txt /bv/local.txt; ls -A /tm; echo made > /pv/made").strip();

        docker("cp", local.toString(), id + ":/pv/");
        berth("cp", local.toString(), id + ":/bv/");

        assertThat(device.resolve("local.txt")).hasContent("from-host");
        assertThat(berthd.dataRoot().resolve("volumes/bindvol/_data/local.txt")).doesNotExist();
        assertThat(Debris.mountsUnder(berthd.root())).as("the volume is unmounted after the copy").isEmpty();

        assertThat(docker("start", "-a", id)).isEqualTo("from-host\nfrom-host\n");
        // stopped again: out of the volume, and into the place under the tmpfs (the root file system's /tm)
        assertThat(docker("cp", id + ":/pv/made", "-")).contains("made\n");
        docker("cp", local.toString(), id + ":/tm/");
        assertThat(docker("cp", id + ":/tm/local.txt", "-")).contains("from-host\n");
        assertThat(docker("start", "-a", id)).as("a running container's tmpfs hides it").isEqualTo("from-host\nfrom-host\n");
        await().atMost(LONG).until(() -> Debris.mountsUnder(berthd.root()).isEmpty()); // unmounted after the exit
        docker("rm", "-v", id);
        docker("volume", "rm", "plainvol", "bindvol");
    }
}
