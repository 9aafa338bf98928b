package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecResultTest {
    @Test
    void orThrowReturnsASuccessfulResult() {
        var result = new ExecResult(List.of("/usr/bin/true"), 0, bytes("out"), bytes(""));

        ExecResult same = result.orThrow();

        assertThat(same).isSameAs(result);
        assertThat(same.ok()).isTrue();
        assertThat(same.out()).isEqualTo("out");
    }

    @Test
    void orThrowNamesTheProgramTheStatusAndStderr() {
        var result = new ExecResult(List.of("/usr/sbin/iptables", "-L"), 4, bytes(""), bytes("  no such table\n"));

        assertThatThrownBy(result::orThrow)
                .isInstanceOf(InternalException.class)
                .hasMessage("iptables exited with status 4: no such table");
    }

    @Test
    void orThrowKeepsOnlyTheTailOfALongStderr() {
        String err = "x".repeat(3000) + "END";
        var result = new ExecResult(List.of("crun"), 1, bytes(""), bytes(err));

        assertThatThrownBy(result::orThrow)
                .hasMessageStartingWith("crun exited with status 1: ...xxx")
                .hasMessageEndingWith("END")
                .message().hasSize("crun exited with status 1: ...".length() + 2000);
    }

    @Test
    void programOfAnEmptyArgvIsAQuestionMark() {
        var result = new ExecResult(List.of(), 1, bytes(""), bytes(""));

        assertThat(result.program()).isEqualTo("?");
        assertThat(result.ok()).isFalse();
    }

    @Test
    void argvIsCopied() {
        var argv = new ArrayList<>(List.of("a"));
        var result = new ExecResult(argv, 0, bytes(""), bytes("err"));

        argv.add("b");

        assertThat(result.argv()).containsExactly("a");
        assertThat(result.err()).isEqualTo("err");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
