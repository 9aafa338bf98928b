package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.ConflictException;
import io.berth.common.NotFoundException;
import io.berth.common.UnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    private static final String PREFIX = "failed to create task for container: OCI runtime create failed: "
            + "crun create failed: unable to start container process: ";

    @Test
    void aMissingExecutableIs127() {
        String message = PREFIX + "exec: \"foo\": executable file not found in $PATH: unknown";

        assertThat(ExitCodes.forStartError(message)).isEqualTo(127);
    }

    @Test
    void aMissingPathIs127() {
        String message = PREFIX + "exec: \"/bin/missing\": no such file or directory: unknown";

        assertThat(ExitCodes.forStartError(message)).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aFileThatCannotBeExecutedIs126() {
        assertThat(ExitCodes.forStartError(PREFIX + "exec: \"/etc\": permission denied: unknown")).isEqualTo(126);
        assertThat(ExitCodes.forStartError(PREFIX + "exec: \"/etc\": is a directory: unknown"))
                .isEqualTo(ExitCodes.CANNOT_INVOKE);
    }

    @Test
    void anythingElseIs125() {
        assertThat(ExitCodes.forStartError(PREFIX + "cgroups: cannot set memory limit: unknown")).isEqualTo(125);
        assertThat(ExitCodes.forStartError("")).isEqualTo(ExitCodes.DAEMON);
    }

    @Test
    void theDaemonsErrorsArePrefixedAsDockerPrintsThem() {
        var out = new StringWriter();

        ExitCodes.print(new PrintWriter(out), NotFoundException.container("web"));

        assertThat(out).hasToString("Error response from daemon: No such container: web" + System.lineSeparator());
        assertThat(ExitCodes.message(new ConflictException("x"))).isEqualTo("Error response from daemon: x");
    }

    @Test
    void anUnreachableDaemonIsPrintedAsIs() {
        var e = new UnavailableException("Cannot connect to the Berth daemon at unix:///run/berth.sock. Is berthd running?",
                null);

        assertThat(ExitCodes.message(e)).isEqualTo(e.getMessage());
    }
}
