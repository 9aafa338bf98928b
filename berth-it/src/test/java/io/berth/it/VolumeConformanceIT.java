package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The docker CLI's volume commands and {@code run -v}/{@code --mount} against berthd. */
@RequiresRoot
class VolumeConformanceIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void volumeCreateLsInspectRm() {
        var create = berthd.docker("volume", "create", "--label", "team=a", "-o", "type=tmpfs", "-o", "device=tmpfs",
                "-o", "o=size=1m", "confvol");
        var ls = berthd.docker("volume", "ls", "--filter", "name=confvol");
        var filtered = berthd.docker("volume", "ls", "-q", "--filter", "label=team=a", "--filter", "dangling=true");
        var inspect = berthd.docker("volume", "inspect", "confvol");
        var format = berthd.docker("volume", "inspect", "--format", "{{.Mountpoint}} {{.Options.type}}", "confvol");
        var missing = berthd.docker("volume", "inspect", "nosuch");
        var rm = berthd.docker("volume", "rm", "confvol");
        var rmMissing = berthd.docker("volume", "rm", "confvol");
        var rmForce = berthd.docker("volume", "rm", "-f", "confvol");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out()).isEqualTo("confvol\n");
        assertThat(ls.out()).isEqualTo("DRIVER    VOLUME NAME\nlocal     confvol\n");
        assertThat(filtered.out()).isEqualTo("confvol\n");
        var json = Json.tree(inspect.out().getBytes()).get(0);
        assertThat(json.path("Name").asText()).isEqualTo("confvol");
        assertThat(json.path("Driver").asText()).isEqualTo("local");
        assertThat(json.path("Scope").asText()).isEqualTo("local");
        assertThat(json.path("Labels").path("team").asText()).isEqualTo("a");
        assertThat(json.path("Options").path("o").asText()).isEqualTo("size=1m");
        assertThat(json.path("CreatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(format.out()).isEqualTo(berthd.dataRoot().resolve("volumes/confvol/_data") + " tmpfs\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("get nosuch: no such volume");
        assertThat(rm.out()).isEqualTo("confvol\n");
        assertThat(rmMissing.exitCode()).isEqualTo(1);
        assertThat(rmMissing.err()).contains("get confvol: no such volume");
        assertThat(rmForce.exitCode()).isZero();
    }

    @Test
    void runWithVolumesBindsAndMounts() throws Exception {
        Path host = Files.createDirectories(berthd.root().resolve("conf-bind"));
        Files.writeString(host.resolve("in"), "from host\n");

        var write = berthd.docker("run", "--network", "none", "--rm", "-v", "confdata:/data", "busybox", "sh", "-c", "echo hi > /data/f");
        var read = berthd.docker("run", "--network", "none", "--rm", "-v", "confdata:/data:ro", "-v", host + ":/h", "busybox", "sh", "-c",
                "cat /data/f /h/in; echo out > /h/out; touch /data/g");
        var user = berthd.docker("run", "--network", "none", "-d", "--name", "user", "--mount", "type=volume,src=confdata,dst=/data",
                "--tmpfs", "/run:size=1m", "busybox", "sleep", "60");
        var mounts = berthd.docker("inspect", "-f", "{{json .Mounts}}", "user");
        var busy = berthd.docker("volume", "rm", "confdata");
        var missingBind = berthd.docker("run", "--network", "none", "--rm", "--mount", "type=bind,src=/no/such/dir,dst=/x", "busybox", "true");
        var duplicate = berthd.docker("run", "--network", "none", "--rm", "-v", "a1:/x", "-v", "a2:/x", "busybox", "true");

        assertThat(write.exitCode()).as(write.err()).isZero();
        assertThat(read.out()).as(read.err()).isEqualTo("hi\nfrom host\n");
        assertThat(read.err()).contains("Read-only file system");
        assertThat(host.resolve("out")).hasContent("out");
        assertThat(user.exitCode()).as(user.err()).isZero();
        String id = user.out().strip();
        var mount = Json.tree(mounts.out().getBytes()).get(0);
        assertThat(mount.path("Type").asText()).isEqualTo("volume");
        assertThat(mount.path("Name").asText()).isEqualTo("confdata");
        assertThat(mount.path("Destination").asText()).isEqualTo("/data");
        assertThat(mount.path("Driver").asText()).isEqualTo("local");
        assertThat(mount.path("Mode").asText()).isEqualTo("z");
        assertThat(mount.path("RW").asBoolean()).isTrue();
        assertThat(busy.exitCode()).isEqualTo(1);
        assertThat(busy.err()).isEqualTo("Error response from daemon: remove confdata: volume is in use - [" + id + "]\n");
        assertThat(missingBind.exitCode()).isEqualTo(125);
        assertThat(missingBind.err()).contains(
                "invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir");
        assertThat(duplicate.exitCode()).isEqualTo(125);
        assertThat(duplicate.err()).contains("Duplicate mount point: /x");

        assertThat(berthd.docker("rm", "-f", "user").exitCode()).isZero();
        assertThat(berthd.docker("volume", "rm", "confdata").out()).isEqualTo("confdata\n");
    }

    @Test
    void pruneTakesAnonymousVolumesUnlessAll() {
        var anonymous = berthd.docker("run", "--network", "none", "-v", "/scratch", "--name", "anon", "busybox", "true");
        String name = Json.tree(berthd.docker("inspect", "-f", "{{json .Mounts}}", "anon").out().getBytes())
                .get(0).path("Name").asText();
        berthd.docker("rm", "anon");
        berthd.docker("volume", "create", "named-kept");

        var prune = berthd.docker("volume", "prune", "-f");
        var afterPrune = berthd.docker("volume", "ls", "-q");
        var pruneAll = berthd.docker("volume", "prune", "-a", "-f", "--filter", "label!=keep");

        assertThat(anonymous.exitCode()).as(anonymous.err()).isZero();
        assertThat(name).matches("[0-9a-f]{64}");
        assertThat(prune.out()).isEqualTo("Deleted Volumes:\n" + name + "\n\nTotal reclaimed space: 0B\n");
        assertThat(afterPrune.out()).contains("named-kept").doesNotContain(name);
        assertThat(pruneAll.out()).contains("named-kept");
    }
}
