package io.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.build.dockerfile.Instruction.Command;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real-world Dockerfile shapes (official images, language templates, Windows, heredocs) parse as Docker reads them. */
class DockerfileCorpusTest {
    private static Instructions.BuildFile parse(String name) throws IOException {
        try (InputStream in = DockerfileCorpusTest.class.getResourceAsStream("/corpus/" + name)) {
            return Instructions.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> kinds(Instructions.Stage stage) {
        return stage.instructions().stream().map(i -> i.getClass().getSimpleName()).toList();
    }

    @Test
    void nginx() throws IOException {
        var file = parse("nginx.Dockerfile");

        var stage = file.stages().getFirst();
        assertThat(kinds(stage)).containsExactly("Label", "Env", "Env", "Env", "Run", "Copy", "Copy", "Entrypoint",
                "Expose", "StopSignal", "Cmd");
        var run = (Instruction.Run) stage.instructions().get(4);
        assertThat(run.source().line()).isEqualTo(9);
        var script = ((Command.ShellForm) run.command()).script();
        assertThat(script).startsWith("set -x     && groupadd --system --gid 101 nginx")
                .contains("for key in $NGINX_GPGKEYS; do         gpg1").endsWith("rm -rf /var/lib/apt/lists/*")
                .doesNotContain("create nginx user");
        assertThat(((Instruction.Env) stage.instructions().get(1)).pairs().getFirst().value()).isEqualTo("1.25.3");
        var lex = new ShellLex(file.escape());
        assertThat(lex.processWord(((Instruction.Label) stage.instructions().getFirst()).pairs().getFirst().value(),
                Map.of())).isEqualTo("NGINX Docker Maintainers <docker-maint@nginx.com>");
    }

    @Test
    void goMultiStage() throws IOException {
        var file = parse("go-multistage.Dockerfile");

        assertThat(file.directives()).containsEntry("syntax", "docker/dockerfile:1");
        assertThat(file.metaArgs()).hasSize(2);
        assertThat(file.stages()).extracting(s -> s.name().orElse("")).containsExactly("builder", "runtime");
        var lex = new ShellLex(file.escape());
        assertThat(lex.processWord(file.stages().getFirst().from().image(), Map.of("GO_VERSION", "1.22",
                "ALPINE_VERSION", "3.19"))).isEqualTo("golang:1.22-alpine3.19");
        var arg = (Instruction.Arg) file.stages().getFirst().instructions().get(4);
        assertThat(arg.args()).extracting(Instruction.ArgDef::name).containsExactly("TARGETOS", "TARGETARCH");
        var copy = (Instruction.Copy) file.stages().get(1).instructions().get(1);
        assertThat(copy.from()).contains("builder");
        assertThat(copy.chown()).contains("65532:65532");
        assertThat(file.stages().get(1).from().image()).isEqualTo("scratch");
    }

    @Test
    void node() throws IOException {
        var file = parse("node.Dockerfile");

        var runner = file.stages().get(1);
        assertThat(kinds(runner)).containsExactly("Workdir", "Env", "Run", "Copy", "Copy", "User", "Expose", "Env",
                "Healthcheck", "Cmd");
        var env = (Instruction.Env) runner.instructions().get(7);
        assertThat(env.pairs()).extracting(Instruction.KeyValue::key).containsExactly("PORT", "HOSTNAME");
        var copy = (Instruction.Copy) file.stages().getFirst().instructions().get(2);
        assertThat(copy.sources()).containsExactly("package.json", "yarn.lock*", "package-lock.json*", "pnpm-lock.yaml*");
        assertThat(copy.dest()).isEqualTo("./");
        var health = (Instruction.Healthcheck) runner.instructions().get(8);
        assertThat(health.test()).containsExactly("CMD-SHELL", "wget -qO- http://localhost:3000/health || exit 1");
    }

    @Test
    void python() throws IOException {
        var file = parse("python.Dockerfile");

        var stage = file.stages().getFirst();
        var run = (Instruction.Run) stage.instructions().get(2);
        assertThat(((Command.ShellForm) run.command()).script()).contains("--uid \"${UID}\"     appuser");
        assertThat(((Instruction.Cmd) stage.instructions().getLast()).command())
                .isEqualTo(new Command.ShellForm("python3 -m uvicorn app:app --host=0.0.0.0 --port=8000"));
        assertThat(stage.instructions()).filteredOn(i -> i instanceof Instruction.Volume).singleElement()
                .satisfies(v -> assertThat(((Instruction.Volume) v).paths()).containsExactly("/app/data"));
    }

    @Test
    void heredocs() throws IOException {
        var file = parse("heredoc.Dockerfile");

        var stage = file.stages().getFirst();
        assertThat(kinds(stage)).containsExactly("Run", "Copy", "Run", "OnBuild", "Shell", "Run");
        var first = (Instruction.Run) stage.instructions().getFirst();
        assertThat(first.heredocs().getFirst().content()).isEqualTo("  set -ex\n  apt-get update\n  apt-get install -y vim\n");
        var copy = (Instruction.Copy) stage.instructions().get(1);
        assertThat(copy.sources()).containsExactly("<<EOF");
        assertThat(copy.heredocs().getFirst().content()).isEqualTo("<html>$TITLE</html>\n");
        var script = (Instruction.Run) stage.instructions().get(2);
        assertThat(script.heredocs().getFirst().content()).isEqualTo("#!/usr/bin/env python3\nprint(\"hello\")\n");
        assertThat(script.heredocs().getFirst().expand()).isFalse();
        assertThat(stage.instructions().getLast().source().line()).isEqualTo(17);
    }

    @Test
    void windowsEscape() throws IOException {
        var file = parse("windows-escape.Dockerfile");

        assertThat(file.escape()).isEqualTo('`');
        var stage = file.stages().getFirst();
        var run = (Instruction.Run) stage.instructions().get(1);
        assertThat(((Command.ShellForm) run.command()).script())
                .isEqualTo("Invoke-WebRequest https://example.invalid/x.zip -OutFile x.zip ;     Expand-Archive x.zip"
                        + " -DestinationPath C:\\x ;     Remove-Item x.zip");
        var lex = new ShellLex(file.escape());
        assertThat(lex.processWord(((Instruction.Workdir) stage.instructions().get(2)).path(), Map.of()))
                .isEqualTo("C:\\app");
    }

    @Test
    void lowercaseKeywordsAndIndentation() throws IOException {
        var file = parse("lowercase-mixed.Dockerfile");

        var stage = file.stages().getFirst();
        assertThat(stage.name()).contains("base");
        assertThat(kinds(stage)).containsExactly("Run", "Env", "Maintainer", "Copy", "Copy", "Arg", "Label", "User",
                "Volume", "StopSignal");
        assertThat(((Instruction.Copy) stage.instructions().get(3)).add()).isTrue();
        assertThat(((Instruction.Copy) stage.instructions().get(4)).chmod()).contains("644");
    }

    @Test
    void continuationEdges() throws IOException {
        var file = parse("continuation-edge.Dockerfile");

        var stage = file.stages().getFirst();
        assertThat(stage.instructions()).hasSize(4);
        assertThat(((Command.ShellForm) ((Instruction.Run) stage.instructions().get(0)).command()).script())
                .isEqualTo("echo a      b");
        assertThat(((Command.ShellForm) ((Instruction.Run) stage.instructions().get(1)).command()).script())
                .isEqualTo("echo \"trailing space after escape\"     && echo next");
        assertThat(stage.instructions().get(2).source().line()).isEqualTo(8);
        var env = (Instruction.Env) stage.instructions().get(3);
        assertThat(env.pairs().stream().map(p -> p.key() + "=" + p.value()).collect(Collectors.joining(" ")))
                .isEqualTo("X=1 Y=2");
    }

    @Test
    void javaServiceWithHealthcheckAndOnbuild() throws IOException {
        var file = parse("java-service.Dockerfile");

        assertThat(file.metaArgs()).extracting(a -> a.args().getFirst().name()).containsExactly("JDK_IMAGE", "JRE_IMAGE");
        assertThat(file.stages()).extracting(s -> s.name().orElse("")).containsExactly("build", "runtime",
                "onbuild-base");
        var build = file.stages().getFirst();
        assertThat(build.from().platform()).contains("$BUILDPLATFORM");
        assertThat(kinds(build)).containsExactly("Shell", "Workdir", "Copy", "Copy", "Run", "Copy", "Run");
        assertThat(((Instruction.Shell) build.instructions().getFirst()).shell())
                .containsExactly("/bin/bash", "-o", "pipefail", "-c");
        var deps = (Instruction.Run) build.instructions().get(4);
        assertThat(deps.source().line()).isEqualTo(11);
        assertThat(((Command.ShellForm) deps.command()).script()).isEqualTo("./mvnw -B dependency:go-offline "
                + "    && echo deps-ready");
        assertThat(((Instruction.Copy) build.instructions().get(2)).sources()).containsExactly("mvnw", "pom.xml");

        var runtime = file.stages().get(1);
        assertThat(kinds(runtime)).containsExactly("Label", "Env", "Run", "Copy", "User", "Volume", "Expose",
                "Healthcheck", "StopSignal", "Entrypoint", "Cmd");
        var lex = new ShellLex(file.escape());
        var label = (Instruction.Label) runtime.instructions().getFirst();
        assertThat(label.pairs()).hasSize(3);
        assertThat(lex.processWord(label.pairs().get(1).value(), Map.of())).isEqualTo("Order service, \"v2\"");
        var env = (Instruction.Env) runtime.instructions().get(1);
        assertThat(env.pairs()).hasSize(1);
        assertThat(env.pairs().getFirst().key()).isEqualTo("JAVA_OPTS");
        assertThat(lex.processWord(env.pairs().getFirst().value(), Map.of()))
                .isEqualTo("-XX:MaxRAMPercentage=75 -Dfile.encoding=UTF-8");
        var copy = (Instruction.Copy) runtime.instructions().get(3);
        assertThat(copy.from()).contains("build");
        assertThat(copy.chown()).contains("app:app");
        var health = (Instruction.Healthcheck) runtime.instructions().get(7);
        assertThat(health.test()).containsExactly("CMD-SHELL", "curl -fsS http://localhost:8080/actuator/health || exit 1");
        assertThat(health.interval()).isEqualTo(30_000_000_000L);
        assertThat(health.timeout()).isEqualTo(3_000_000_000L);
        assertThat(health.startPeriod()).isEqualTo(60_000_000_000L);
        assertThat(health.retries()).isEqualTo(5);
        assertThat(((Command.ExecForm) ((Instruction.Entrypoint) runtime.instructions().get(9)).command()).args())
                .containsExactly("java", "-Dgreeting=\"hi\"", "-jar", "/opt/app/app.jar");

        var onbuild = file.stages().get(2);
        assertThat(onbuild.from().image()).isEqualTo("runtime");
        assertThat(((Instruction.Healthcheck) onbuild.instructions().getFirst()).test()).containsExactly("NONE");
        assertThat(onbuild.instructions().subList(1, 3)).extracting(i -> ((Instruction.OnBuild) i).trigger())
                .containsExactly("COPY config/ /opt/app/config/", "RUN echo configured");
    }
}
