package io.berth.cli.command.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.cli.BerthCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks {@code berth login} makes before it asks the daemon anything: docker's words, exit status 1. */
class LoginCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private Result berth(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var root = new BerthCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        var argv = new ArrayList<>(List.of("-H", "unix://" + dir.resolve("none.sock")));
        argv.addAll(List.of(args));
        int code = BerthCommand.commandLine(root, argv.toArray(String[]::new)).execute(argv.toArray(String[]::new));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passwordStdinWantsAUserAndExcludesPassword() {
        var noUser = berth("login", "--password-stdin", "127.0.0.1:5000");
        var both = berth("login", "-u", "me", "-p", "x", "--password-stdin", "127.0.0.1:5000");

        assertThat(noUser.code()).isEqualTo(1);
        assertThat(noUser.err()).isEqualTo("Must provide --username with --password-stdin\n");
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err()).isEqualTo("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
                + "--password and --password-stdin are mutually exclusive\n");
    }

    @Test
    void withoutATerminalThereIsNoPrompt() {
        var prompt = berth("login", "-u", "me", "127.0.0.1:5000");

        assertThat(prompt.code()).isEqualTo(1);
        assertThat(prompt.err()).isEqualTo("Error: Cannot perform an interactive login from a non TTY device\n");
    }
}
