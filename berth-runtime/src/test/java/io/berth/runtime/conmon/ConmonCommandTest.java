package io.berth.runtime.conmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConmonCommandTest {
    private static final String ID = "e91ad77b763754854c3699a3bea0ff9e9429740f5019412ba0ae91b4cfc90ef0";
    private static final Path BUNDLE = Path.of("/run/berth/containers", ID);

    @Test
    void argvForADetachedContainer() {
        var command = command(List.of("--root=/run/berth/crun"), OptionalLong.empty(), false, false, false);

        List<String> argv = command.argv();

        assertThat(argv).containsExactly(
                "/usr/bin/conmon",
                "--api-version", "1",
                "--cid", ID,
                "--cuuid", "e91ad77b7637",
                "--name", "web",
                "--runtime", "/usr/bin/crun",
                "--bundle", BUNDLE.toString(),
                "--container-pidfile", BUNDLE + "/pid",
                "--conmon-pidfile", BUNDLE + "/conmon.pid",
                "--log-path", "k8s-file:/var/lib/berth/containers/" + ID + "/ctr.log",
                "--exit-dir", "/run/berth/exits",
                "--socket-dir-path", "/run/berth/sockets",
                "--log-level", "error",
                "--no-sync-log",
                "--runtime-arg", "--root=/run/berth/crun");
    }

    @Test
    void everyRuntimeArgumentGetsItsOwnFlag() {
        var command = command(List.of("--root=/r", "--systemd-cgroup"), OptionalLong.empty(), false, false, false);

        List<String> argv = command.argv();

        int first = argv.indexOf("--root=/r");
        assertThat(argv.subList(first - 1, first + 3))
                .containsExactly("--runtime-arg", "--root=/r", "--runtime-arg", "--systemd-cgroup");
    }

    @Test
    void noRuntimeArgumentsMeansNoRuntimeArgFlag() {
        var command = command(List.of(), OptionalLong.empty(), false, false, false);

        assertThat(command.argv()).doesNotContain("--runtime-arg");
    }

    @Test
    void optionalFlagsComeLastInAFixedOrder() {
        var command = command(List.of(), OptionalLong.of(10_485_760), true, true, true);

        List<String> argv = command.argv();

        assertThat(argv.subList(argv.size() - 5, argv.size()))
                .containsExactly("--log-size-max", "10485760", "--terminal", "--stdin", "--leave-stdin-open");
    }

    @Test
    void stdinWithoutATerminal() {
        var command = command(List.of(), OptionalLong.empty(), false, true, false);

        List<String> argv = command.argv();

        assertThat(argv).contains("--stdin").doesNotContain("--terminal", "--leave-stdin-open", "--log-size-max");
        assertThat(argv.getLast()).isEqualTo("--stdin");
    }

    @Test
    void pidFilesLiveInTheBundle() {
        var command = command(List.of(), OptionalLong.empty(), false, false, false);

        assertThat(command.pidFile()).isEqualTo(BUNDLE.resolve("pid"));
        assertThat(command.conmonPidFile()).isEqualTo(BUNDLE.resolve("conmon.pid"));
    }

    @Test
    void aContainerWithoutALogGetsConmonsNoneDriver() {
        var command = new ConmonCommand(Path.of("/usr/bin/conmon"), ID, "e91ad77b7637", "web", Path.of("/usr/bin/crun"),
                List.of(), BUNDLE, new ConmonLog.None(), Path.of("/run/berth/exits"), Path.of("/run/berth/sockets"),
                false, false, false);

        List<String> argv = command.argv();

        assertThat(argv.get(argv.indexOf("--log-path") + 1)).isEqualTo("none");
        assertThat(argv).doesNotContain("--log-size-max");
    }

    @Test
    void runtimeArgsAreCopiedAndArgvIsImmutable() {
        var runtimeArgs = new ArrayList<>(List.of("--root=/r"));
        var command = command(runtimeArgs, OptionalLong.empty(), false, false, false);

        runtimeArgs.add("--debug");

        assertThat(command.runtimeArgs()).containsExactly("--root=/r");
        assertThat(command.argv()).isUnmodifiable();
    }

    private static ConmonCommand command(List<String> runtimeArgs, OptionalLong logSizeMax, boolean terminal,
                                         boolean stdin, boolean leaveStdinOpen) {
        return new ConmonCommand(Path.of("/usr/bin/conmon"), ID, "e91ad77b7637", "web", Path.of("/usr/bin/crun"),
                runtimeArgs, BUNDLE, new ConmonLog.K8sFile(Path.of("/var/lib/berth/containers", ID, "ctr.log"), logSizeMax),
                Path.of("/run/berth/exits"), Path.of("/run/berth/sockets"), terminal, stdin, leaveStdinOpen);
    }
}
