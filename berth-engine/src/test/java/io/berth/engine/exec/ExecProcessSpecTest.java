package io.berth.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ExecConfig;
import io.berth.engine.container.ProcessUser;
import io.berth.runtime.oci.OciSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecProcessSpecTest {
    private static final List<String> CAPS = List.of("CAP_CHOWN", "CAP_KILL");
    private static final List<String> ALL = List.of("CAP_CHOWN", "CAP_KILL", "CAP_SYS_ADMIN");
    private static final OciSpec.Process CONTAINER = new OciSpec.Process(false, null,
            new OciSpec.User(0, 0, null, List.of(10L)), List.of("httpd", "-f"),
            List.of("PATH=/bin", "HOSTNAME=web", "HOME=/root"), "/srv", OciSpec.Capabilities.of(CAPS), null, true, 5,
            null);
    private static final ProcessUser ROOT = new ProcessUser(0, 0, List.of(10L), "/root");

    @Test
    void theExecRunsItsCommandWithTheContainersConfinement() {
        var process = build(config().cmd(List.of("ls", "-l")), ROOT);

        assertThat(process.args()).containsExactly("ls", "-l");
        assertThat(process.capabilities()).isEqualTo(OciSpec.Capabilities.of(CAPS));
        assertThat(process.noNewPrivileges()).isTrue();
        assertThat(process.oomScoreAdj()).isEqualTo(5);
        assertThat(process.terminal()).isFalse();
        assertThat(process.consoleSize()).isNull();
        assertThat(process.user()).isEqualTo(new OciSpec.User(0, 0, null, List.of(10L)));
    }

    @Test
    void environmentIsDockersDefaultsThenTheContainersThenTheExecs() {
        var process = build(config().env(List.of("FOO=bar", "PATH=/exec", "HOSTNAME")), ROOT);

        // PATH keeps its place and takes the last value; a bare name unsets; HOME comes from the user
        assertThat(process.env()).containsExactly("PATH=/exec", "LANG=C", "FOO=bar", "HOME=/root");
    }

    @Test
    void aTerminalGetsTermAndTheConsoleSize() {
        var process = ExecProcessSpec.build(side(), ExecRequest.from(config().tty(true).build()), ROOT,
                Optional.of(new OciSpec.ConsoleSize(24, 80)), ALL);

        assertThat(process.terminal()).isTrue();
        assertThat(process.consoleSize()).isEqualTo(new OciSpec.ConsoleSize(24, 80));
        assertThat(process.env()).contains("TERM=xterm");
    }

    @Test
    void workingDirectoryIsTheExecsOrTheContainersOrTheRoot() {
        assertThat(build(config().workingDir("/tmp"), ROOT).cwd()).isEqualTo("/tmp");
        assertThat(build(config(), ROOT).cwd()).isEqualTo("/srv");
        var noWorkdir = new ExecProcessSpec.ContainerSide(CONTAINER, List.of(), "web", "");
        assertThat(ExecProcessSpec.build(noWorkdir, ExecRequest.from(config().build()), ROOT, Optional.empty(), ALL)
                .cwd()).isEqualTo("/");
    }

    @Test
    void anotherUserGetsItsIdsGroupsAndHome() {
        var nobody = new ProcessUser(65534, 65534, List.of(), "/home");

        var process = build(config().user("nobody"), nobody);

        assertThat(process.user()).isEqualTo(new OciSpec.User(65534, 65534, null, null));
        assertThat(process.env()).contains("HOME=/home");
    }

    @Test
    void privilegedMeansEveryCapabilityTheDaemonHas() {
        var process = build(config().privileged(true), ROOT);

        assertThat(process.capabilities()).isEqualTo(OciSpec.Capabilities.of(ALL));
    }

    private static OciSpec.Process build(ExecConfig.Builder config, ProcessUser user) {
        return ExecProcessSpec.build(side(), ExecRequest.from(config.build()), user, Optional.empty(), ALL);
    }

    private static ExecProcessSpec.ContainerSide side() {
        return new ExecProcessSpec.ContainerSide(CONTAINER, List.of("PATH=/bin", "LANG=C"), "web", "/srv");
    }

    private static ExecConfig.Builder config() {
        return ExecConfig.builder().cmd(List.of("sh"));
    }
}
