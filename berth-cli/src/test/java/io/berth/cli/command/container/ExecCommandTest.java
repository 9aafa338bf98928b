package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExecCommandTest {
    @Test
    void flagsBecomeTheExecConfigAndTheCommandKeepsItsDashes() {
        var command = parse("-it", "-u", "nobody", "-w", "/tmp", "-e", "A=1", "--privileged", "web", "sh", "-c",
                "ls -l");

        var config = command.config(List.of(24L, 80L));

        assertThat(command.container).isEqualTo("web");
        assertThat(config.cmd()).containsExactly("sh", "-c", "ls -l");
        assertThat(config.user()).isEqualTo("nobody");
        assertThat(config.workingDir()).isEqualTo("/tmp");
        assertThat(config.env()).containsExactly("A=1");
        assertThat(config.privileged()).isTrue();
        assertThat(config.tty()).isTrue();
        assertThat(config.consoleSize()).containsExactly(24L, 80L);
        assertThat(config.attachStdin()).isTrue();
        assertThat(config.attachStdout()).isTrue();
        assertThat(config.attachStderr()).isTrue();
    }

    @Test
    void optionsAfterTheContainerBelongToTheCommand() {
        var command = parse("web", "ls", "-d", "-t");

        assertThat(command.detach).isFalse();
        assertThat(command.command).containsExactly("ls", "-d", "-t");
    }

    @Test
    void detachedAttachesNothing() {
        var config = parse("-d", "-i", "web", "sleep", "5").config(null);

        assertThat(config.attachStdin()).isFalse();
        assertThat(config.attachStdout()).isFalse();
        assertThat(config.attachStderr()).isFalse();
    }

    @Test
    void withoutInteractiveStdinIsNotAttached() {
        var config = parse("web", "cat").config(null);

        assertThat(config.attachStdin()).isFalse();
        assertThat(config.attachStdout()).isTrue();
        assertThat(config.user()).isEmpty();
        assertThat(config.detachKeys()).isEmpty();
    }

    private static ExecCommand parse(String... args) {
        var command = new ExecCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
