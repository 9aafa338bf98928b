package io.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.build.dockerfile.Instruction.Command;
import io.berth.build.dockerfile.Instruction.KeyValue;
import io.berth.common.InvalidArgumentException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstructionsTest {
    private static Instruction only(String line) {
        var file = Instructions.parse("FROM scratch\n" + line + "\n");
        return file.stages().getFirst().instructions().getFirst();
    }

    private static void fails(String dockerfile, String message) {
        assertThatThrownBy(() -> Instructions.parse(dockerfile)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void stagesAndMetaArgs() {
        var file = Instructions.parse("""
                ARG VERSION=1.0
                ARG BASE
                FROM golang:${VERSION} AS Build
                RUN go build
                FROM --platform=linux/amd64 alpine
                COPY --from=build /out /bin/app
                """);

        assertThat(file.metaArgs()).hasSize(2);
        assertThat(file.metaArgs().getFirst().args().getFirst().defaultValue()).contains("1.0");
        assertThat(file.stages()).hasSize(2);
        assertThat(file.stages().get(0).name()).contains("build");
        assertThat(file.stages().get(0).from().image()).isEqualTo("golang:${VERSION}");
        assertThat(file.stages().get(1).from().platform()).contains("linux/amd64");
        assertThat(file.stageIndex("BUILD")).contains(0);
        assertThat(file.stageIndex("1")).contains(1);
        assertThat(file.stageIndex("2")).isEmpty();
        var copy = (Instruction.Copy) file.stages().get(1).instructions().getFirst();
        assertThat(copy.from()).contains("build");
        assertThat(copy.sources()).containsExactly("/out");
        assertThat(copy.dest()).isEqualTo("/bin/app");
    }

    @Test
    void shellAndExecForms() {
        assertThat(((Instruction.Run) only("RUN echo \"hi\" && true")).command())
                .isEqualTo(new Command.ShellForm("echo \"hi\" && true"));
        assertThat(((Instruction.Cmd) only("CMD [\"nginx\", \"-g\", \"daemon off;\"]")).command())
                .isEqualTo(new Command.ExecForm(List.of("nginx", "-g", "daemon off;")));
        // not valid JSON: the shell form, as Docker does
        assertThat(((Instruction.Entrypoint) only("ENTRYPOINT [bad json]")).command())
                .isEqualTo(new Command.ShellForm("[bad json]"));
        assertThat(((Instruction.Shell) only("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]")).shell())
                .containsExactly("/bin/bash", "-o", "pipefail", "-c");
    }

    @Test
    void envAndLabelForms() {
        assertThat(((Instruction.Env) only("ENV A=1 B=\"two words\" C=x\\ y")).pairs()).containsExactly(
                new KeyValue("A", "1"), new KeyValue("B", "\"two words\""), new KeyValue("C", "x\\ y"));
        assertThat(((Instruction.Env) only("ENV JAVA_HOME /opt/java dir")).pairs())
                .containsExactly(new KeyValue("JAVA_HOME", "/opt/java dir"));
        assertThat(((Instruction.Label) only("LABEL org.opencontainers.image.title=\"Berth\" version=1")).pairs())
                .hasSize(2);
        fails("FROM a\nENV ONLY\n", "dockerfile parse error line 2: ENV must have two arguments");
        fails("FROM a\nLABEL a=b c\n",
                "dockerfile parse error line 2: Syntax error - can't find = in \"c\". Must be of the form: name=value");
        fails("FROM a\nENV =x\n", "dockerfile parse error line 2: ENV names can not be blank");
    }

    @Test
    void copyAndAddFlags() {
        var copy = (Instruction.Copy) only("COPY --chown=app:app --chmod=0755 --link a b* [c] /dst/");
        assertThat(copy.chown()).contains("app:app");
        assertThat(copy.chmod()).contains("0755");
        assertThat(copy.link()).isTrue();
        assertThat(copy.sources()).containsExactly("a", "b*", "[c]");
        var json = (Instruction.Copy) only("COPY [\"with space\", \"/dst dir/\"]");
        assertThat(json.sources()).containsExactly("with space");
        assertThat(json.dest()).isEqualTo("/dst dir/");
        var add = (Instruction.Copy) only("ADD --checksum=sha256:abc https://x/y.tgz /opt/");
        assertThat(add.add()).isTrue();
        assertThat(add.checksum()).contains("sha256:abc");
        fails("FROM a\nCOPY onlyone\n", "dockerfile parse error line 2: COPY requires at least two arguments, but"
                + " only one was provided. Destination could not be determined.");
        fails("FROM a\nADD --from=x a b\n", "dockerfile parse error line 2: Unknown flag: from");
        fails("FROM a\nCOPY --chmod=u+x a b\n", "dockerfile parse error line 2: invalid chmod parameter: u+x");
    }

    @Test
    void healthcheck() {
        var h = (Instruction.Healthcheck) only(
                "HEALTHCHECK --interval=5m --timeout=3s --start-period=1m30s --retries=3 CMD curl -f http://localhost/");
        assertThat(h.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/");
        assertThat(h.interval()).isEqualTo(300_000_000_000L);
        assertThat(h.timeout()).isEqualTo(3_000_000_000L);
        assertThat(h.startPeriod()).isEqualTo(90_000_000_000L);
        assertThat(h.retries()).isEqualTo(3);
        assertThat(((Instruction.Healthcheck) only("HEALTHCHECK CMD [\"/check\", \"-q\"]")).test())
                .containsExactly("CMD", "/check", "-q");
        assertThat(((Instruction.Healthcheck) only("HEALTHCHECK NONE")).test()).containsExactly("NONE");
        fails("FROM a\nHEALTHCHECK NONE x\n", "dockerfile parse error line 2: HEALTHCHECK NONE takes no arguments");
        fails("FROM a\nHEALTHCHECK TEST x\n",
                "dockerfile parse error line 2: Unknown type \"TEST\" in HEALTHCHECK (try CMD)");
        fails("FROM a\nHEALTHCHECK --interval=1x CMD x\n",
                "dockerfile parse error line 2: time: invalid duration \"1x\"");
    }

    @Test
    void onbuildTriggersAreChecked() {
        assertThat(((Instruction.OnBuild) only("ONBUILD RUN echo child")).trigger()).isEqualTo("RUN echo child");
        fails("FROM a\nONBUILD ONBUILD RUN x\n",
                "dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        fails("FROM a\nONBUILD FROM b\n", "dockerfile parse error line 2: FROM isn't allowed as an ONBUILD trigger");
        fails("FROM a\nONBUILD NOPE x\n", "dockerfile parse error line 2: unknown instruction: NOPE");
    }

    @Test
    void errorsNameTheLine() {
        fails("FROM a\n\n# c\nRUNN echo\n", "dockerfile parse error line 4: unknown instruction: RUNN");
        fails("RUN echo\nFROM a\n", "dockerfile parse error line 1: no build stage in current context");
        fails("FROM a b\n", "dockerfile parse error line 1: FROM requires either one or three arguments");
        fails("FROM a AS 1x\n", "dockerfile parse error line 1: invalid name for build stage: \"1x\","
                + " name can't start with a number or contain symbols");
        fails("FROM a AS x\nFROM b AS x\n", "dockerfile parse error line 2: duplicate name x");
        fails("FROM a\nRUN --mount=type=cache,target=/x true\n",
                "dockerfile parse error line 2: RUN --mount is not supported by the classic builder");
        fails("FROM a\nEXPOSE\n", "dockerfile parse error line 2: EXPOSE requires at least one argument");
        fails("FROM a\nWORKDIR\n", "dockerfile parse error line 2: WORKDIR requires exactly one argument");
        fails("FROM a\nSHELL /bin/bash\n", "dockerfile parse error line 2: SHELL requires the arguments to be in JSON form");
        fails("FROM a\nCMD\n", "dockerfile parse error line 2: CMD requires at least one argument");
        fails("FROM a\nUSER a b\n", "dockerfile parse error line 2: USER requires exactly one argument");
        fails("FROM a\nVOLUME [\"\"]\n", "dockerfile parse error line 2: VOLUME specified can not be an empty string");
        fails("FROM a\nENV --x=1 A=b\n", "dockerfile parse error line 2: Unknown flag: x");
    }

    @Test
    void argsWithAndWithoutDefaults() {
        var arg = (Instruction.Arg) only("ARG A B=2 C=\"x y\"");
        assertThat(arg.args()).containsExactly(new Instruction.ArgDef("A", Optional.empty()),
                new Instruction.ArgDef("B", Optional.of("2")), new Instruction.ArgDef("C", Optional.of("\"x y\"")));
    }

    @Test
    void workdirUserStopsignalVolumeExpose() {
        assertThat(((Instruction.Workdir) only("WORKDIR /app")).path()).isEqualTo("/app");
        assertThat(((Instruction.User) only("USER 1000:1000")).user()).isEqualTo("1000:1000");
        assertThat(((Instruction.StopSignal) only("STOPSIGNAL SIGQUIT")).signal()).isEqualTo("SIGQUIT");
        assertThat(((Instruction.Volume) only("VOLUME /data /logs")).paths()).containsExactly("/data", "/logs");
        assertThat(((Instruction.Volume) only("VOLUME [\"/var/lib/x\"]")).paths()).containsExactly("/var/lib/x");
        assertThat(((Instruction.Expose) only("EXPOSE 80/tcp 443 $PORT")).ports()).containsExactly("80/tcp", "443", "$PORT");
        assertThat(((Instruction.Maintainer) only("MAINTAINER Someone <a@b>")).name()).isEqualTo("Someone <a@b>");
    }
}
