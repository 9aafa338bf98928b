package io.berth.runtime.conmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConmonExecCommandTest {
    private static final String ID = "e91ad77b763754854c3699a3bea0ff9e9429740f5019412ba0ae91b4cfc90ef0";
    private static final Path EXEC_DIR = Path.of("/run/berth/execs/2ea40da0544c5d7ed54b");

    @Test
    void argvRunsTheRuntimesExecInTheContainerWithTheSessionsOwnFiles() {
        var command = command(false, false);

        assertThat(command.argv()).containsExactly(
                "/usr/bin/conmon",
                "--api-version", "1",
                "--cid", ID,
                "--cuuid", "2ea40da0544c",
                "--name", "web",
                "--runtime", "/usr/bin/crun",
                "--bundle", EXEC_DIR.toString(),
                "--container-pidfile", EXEC_DIR + "/pid",
                "--conmon-pidfile", EXEC_DIR + "/conmon.pid",
                "--log-path", "none",
                "--exit-dir", EXEC_DIR + "/exits",
                "--socket-dir-path", "/run/berth/execs/socks",
                "--log-level", "error",
                "--no-sync-log",
                "--runtime-arg", "--root=/run/berth/crun",
                "--exec",
                "--exec-attach",
                "--exec-process-spec", EXEC_DIR + "/process.json");
    }

    @Test
    void aTerminalAndStdinAreAskedFor() {
        var argv = command(true, true).argv();

        assertThat(argv.subList(argv.size() - 2, argv.size())).containsExactly("--terminal", "--stdin");
    }

    @Test
    void theExitFileDoesNotGoWhereTheContainersExitsAreWatched() {
        assertThat(command(false, false).exitDir().startsWith(EXEC_DIR)).isTrue();
    }

    private static ConmonExecCommand command(boolean terminal, boolean stdin) {
        return new ConmonExecCommand(Path.of("/usr/bin/conmon"), ID, "2ea40da0544c", "web", Path.of("/usr/bin/crun"),
                List.of("--root=/run/berth/crun"), EXEC_DIR, EXEC_DIR.resolve("process.json"),
                Path.of("/run/berth/execs/socks"), terminal, stdin);
    }
}
