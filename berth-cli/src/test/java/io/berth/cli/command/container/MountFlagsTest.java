package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code -v}, {@code --mount}, {@code --tmpfs} and {@code --volumes-from} as the docker CLI sends them. */
class MountFlagsTest {
    @Test
    void volumesWithASourceAreBindsAndPathsAloneAreAnonymous() {
        var run = new RunCommand();
        new CommandLine(run).parseArgs("-v", "/host:/srv:ro", "-v", "data:/data", "-v", "/anon", "-v", "./rel:/rel",
                "--tmpfs", "/run:size=64m", "--tmpfs", "/tmp", "--volumes-from", "other:ro", "--read-only", "busybox");

        var request = run.flags.toRequest(run.image, run.command, false, false, true, true, false, List.of(0L, 0L));

        String cwd = Path.of("").toAbsolutePath().toString();
        assertThat(request.hostConfig().binds()).containsExactly("/host:/srv:ro", "data:/data", cwd + "/rel:/rel");
        assertThat(request.config().volumes()).containsOnlyKeys("/anon");
        assertThat(request.hostConfig().tmpfs()).containsExactly(Map.entry("/run", "size=64m"), Map.entry("/tmp", ""));
        assertThat(request.hostConfig().volumesFrom()).containsExactly("other:ro");
        assertThat(request.hostConfig().readonlyRootfs()).isTrue();
        assertThat(request.hostConfig().mounts()).isNull();
    }

    @Test
    void mountFieldsAsDockerParsesThem() {
        var volume = MountFlags.mount("type=volume,src=cache,dst=/c,volume-nocopy,volume-opt=type=tmpfs,"
                + "volume-opt=device=tmpfs,volume-label=a=b");
        var bind = MountFlags.mount("type=bind,source=/h,target=/x,readonly,bind-propagation=rslave");
        var tmpfs = MountFlags.mount("type=tmpfs,destination=/t,tmpfs-size=64m,tmpfs-mode=1770");
        var quoted = MountFlags.mount("type=bind,\"src=/a,b\",dst=/y");

        assertThat(volume.type()).isEqualTo("volume");
        assertThat(volume.source()).isEqualTo("cache");
        assertThat(volume.volumeOptions().noCopy()).isTrue();
        assertThat(volume.volumeOptions().driverConfig().options()).containsExactly(Map.entry("type", "tmpfs"),
                Map.entry("device", "tmpfs"));
        assertThat(volume.volumeOptions().labels()).containsExactly(Map.entry("a", "b"));
        assertThat(bind.readOnly()).isTrue();
        assertThat(bind.bindOptions().propagation()).isEqualTo("rslave");
        assertThat(tmpfs.tmpfsOptions()).isEqualTo(new Mount.TmpfsOptions(64L << 20, 01770L, null));
        assertThat(quoted.source()).isEqualTo("/a,b");
        assertThat(MountFlags.mount("target=/v").type()).as("volume is the default type").isEqualTo("volume");
    }

    @Test
    void badMountsAreRefusedWithDockersWords() {
        assertThatThrownBy(() -> MountFlags.mounts(List.of("type=bind,src=/h")))
                .hasMessage("invalid argument \"type=bind,src=/h\" for \"--mount\" flag: target is required");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,dst=/x,bogus"))
                .hasMessage("invalid field 'bogus' must be a key=value pair");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,dst=/x,colour=red"))
                .hasMessage("unexpected key 'colour' in 'colour=red'");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,dst=/x,volume-nocopy"))
                .hasMessage("cannot mix 'volume-*' options with mount type 'bind'");
        assertThatThrownBy(() -> MountFlags.mount("type=volume,dst=/x,bind-propagation=shared"))
                .hasMessage("cannot mix 'bind-*' options with mount type 'volume'");
        assertThatThrownBy(() -> MountFlags.mount("type=tmpfs,dst=/x,tmpfs-mode=9"))
                .hasMessage("invalid value for tmpfs-mode: 9");
        assertThatThrownBy(() -> MountFlags.mount("type=bind,dst=/x,readonly=maybe"))
                .hasMessage("invalid value for readonly: maybe");
    }
}
