package io.berth.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ExecConfig;
import io.berth.common.InvalidArgumentException;
import io.berth.common.DetachKeys;
import io.berth.runtime.oci.OciSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecRequestTest {
    @Test
    void anExecNeedsACommand() {
        assertThatThrownBy(() -> ExecRequest.from(ExecConfig.builder().build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("No exec command specified");
        assertThatThrownBy(() -> ExecRequest.from(ExecConfig.builder().cmd(List.of()).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("No exec command specified");
    }

    @Test
    void absentFieldsAreFalseAndEmpty() {
        var request = ExecRequest.from(ExecConfig.builder().cmd(List.of("ls", "-l")).build());

        assertThat(request.entrypoint()).isEqualTo("ls");
        assertThat(request.arguments()).containsExactly("-l");
        assertThat(request.env()).isEmpty();
        assertThat(request.user()).isEmpty();
        assertThat(request.workingDir()).isEmpty();
        assertThat(request.tty()).isFalse();
        assertThat(request.attachStdout()).isFalse();
        assertThat(request.consoleSize()).isEmpty();
        assertThat(request.detachKeyBytes()).isEmpty();
    }

    @Test
    void aConsoleSizeIsHeightThenWidthAndZeroMeansNone() {
        var sized = ExecRequest.from(ExecConfig.builder().cmd(List.of("sh")).consoleSize(List.of(24L, 80L)).build());
        var zero = ExecRequest.from(ExecConfig.builder().cmd(List.of("sh")).consoleSize(List.of(0L, 0L)).build());

        assertThat(sized.consoleSize()).contains(new OciSpec.ConsoleSize(24, 80));
        assertThat(zero.consoleSize()).isEmpty();
        assertThatThrownBy(() -> ExecRequest.from(ExecConfig.builder().cmd(List.of("sh")).consoleSize(List.of(1L)).build()))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void detachKeysAreParsedAsDockerDoes() {
        var request = ExecRequest.from(ExecConfig.builder().cmd(List.of("sh")).detachKeys("ctrl-p,ctrl-q").build());

        assertThat(request.detachKeyBytes()).containsExactly(16, 17);
        assertThat(DetachKeys.parse("a,ctrl-@,ctrl-_,DEL")).containsExactly('a', 0, 31, 127);
        assertThatThrownBy(() -> ExecRequest.from(ExecConfig.builder().cmd(List.of("sh")).detachKeys("ctrl-pp").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("Invalid escape keys (ctrl-pp) provided");
        assertThatThrownBy(() -> DetachKeys.parse("ctrl-P")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> DetachKeys.parse("a,,b")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void theContainersUserIsTheDefault() {
        var request = ExecRequest.from(ExecConfig.builder().cmd(List.of("id")).build());
        var own = ExecRequest.from(ExecConfig.builder().cmd(List.of("id")).user("nobody").build());

        assertThat(request.withDefaultUser("1000").user()).isEqualTo("1000");
        assertThat(request.withDefaultUser(null).user()).isEmpty();
        assertThat(own.withDefaultUser("1000").user()).isEqualTo("nobody");
    }
}
