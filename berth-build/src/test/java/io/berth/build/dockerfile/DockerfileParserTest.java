package io.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {
    @Test
    void directivesOnlyAtTheTop() {
        var result = DockerfileParser.parse("""
                # syntax=docker/dockerfile:1
                # escape=`
                # comment
                # check=skip=all
                FROM busybox
                """);

        assertThat(result.directives()).containsEntry("syntax", "docker/dockerfile:1").containsEntry("escape", "`")
                .doesNotContainKey("check");
        assertThat(result.escape()).isEqualTo('`');
        assertThat(result.nodes()).singleElement().satisfies(n -> assertThat(n.startLine()).isEqualTo(5));
    }

    @Test
    void badEscapeDirective() {
        assertThatThrownBy(() -> DockerfileParser.parse("# escape=x\nFROM a\n"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("dockerfile parse error line 1: invalid escape token 'x' does not match ` or \\");
    }

    @Test
    void continuationsJoinLinesAndSkipCommentsAndEmptyLines() {
        var result = DockerfileParser.parse("""
                FROM debian
                RUN apt-get update \\
                # a comment inside
                    && apt-get install -y \\

                       curl   \\\t
                    && rm -rf /var/lib/apt/lists/*
                CMD ["curl"]
                """);

        var run = result.nodes().get(1);
        assertThat(run.keyword()).isEqualTo("run");
        assertThat(run.startLine()).isEqualTo(2);
        assertThat(run.endLine()).isEqualTo(7);
        assertThat(run.rest()).isEqualTo("apt-get update     && apt-get install -y        curl       && rm -rf /var/lib/apt/lists/*");
        assertThat(result.warnings()).singleElement().asString().contains("Empty continuation line");
        assertThat(result.nodes().get(2).startLine()).isEqualTo(8);
    }

    @Test
    void backtickContinuation() {
        var result = DockerfileParser.parse("# escape=`\nFROM windows\nRUN dir `\n  c:\\\n");

        assertThat(result.nodes().get(1).rest()).isEqualTo("dir   c:\\");
    }

    @Test
    void flagsAreSeparatedFromArguments() {
        var node = DockerfileParser.parse("COPY --from=build --chown=1:2 /out /app\n").nodes().getFirst();

        assertThat(node.flags()).containsExactly("--from=build", "--chown=1:2");
        assertThat(node.rest()).isEqualTo("/out /app");
        assertThat(node.original()).isEqualTo("COPY --from=build --chown=1:2 /out /app");
    }

    @Test
    void heredocs() {
        var result = DockerfileParser.parse("""
                FROM busybox
                RUN <<EOF
                echo one
                echo two
                EOF
                COPY <<-"CONF" <<EOT2 /etc/
                \tkey=$VALUE
                \tCONF
                second
                EOT2
                CMD ["sh"]
                """);

        var run = result.nodes().get(1);
        assertThat(run.heredocs()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("EOF");
            assertThat(h.content()).isEqualTo("echo one\necho two\n");
            assertThat(h.expand()).isTrue();
        });
        assertThat(run.endLine()).isEqualTo(5);
        var copy = result.nodes().get(2);
        assertThat(copy.heredocs()).hasSize(2);
        assertThat(copy.heredocs().get(0).content()).isEqualTo("key=$VALUE\n");
        assertThat(copy.heredocs().get(0).expand()).isFalse();
        assertThat(copy.heredocs().get(1).content()).isEqualTo("second\n");
        assertThat(result.nodes().get(3).keyword()).isEqualTo("cmd");
        assertThat(result.nodes().get(3).startLine()).isEqualTo(11);
    }

    @Test
    void unterminatedHeredoc() {
        assertThatThrownBy(() -> DockerfileParser.parse("FROM a\nRUN <<EOF\necho\n"))
                .hasMessage("dockerfile parse error line 2: unterminated heredoc EOF");
    }

    @Test
    void crlfAndBom() {
        var result = DockerfileParser.parse("\uFEFFFROM busybox\r\nRUN echo \\\r\n  hi\r\n");

        assertThat(result.nodes()).hasSize(2);
        assertThat(result.nodes().get(1).rest()).isEqualTo("echo   hi");
    }

    @Test
    void rawWordsKeepQuotes() {
        assertThat(DockerfileParser.rawWords("a=\"b c\" d='e f' g\\ h", '\\'))
                .containsExactly("a=\"b c\"", "d='e f'", "g\\ h");
    }
}
