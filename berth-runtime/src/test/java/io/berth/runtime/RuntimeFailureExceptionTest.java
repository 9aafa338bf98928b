package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuntimeFailureExceptionTest {
    private static final String PREFIX = "failed to create task for container: OCI runtime create failed: "
            + "crun create failed: unable to start container process: ";

    @Test
    void crunsMissingExecutableBecomesDockersWording() {
        String raw = "executable file `foo` not found in $PATH: No such file or directory";

        String message = RuntimeFailureException.dockerWording("crun", raw);

        assertThat(message).isEqualTo(PREFIX + "exec: \"foo\": executable file not found in $PATH: unknown");
    }

    @Test
    void theRuntimeNameAndSurroundingTextAreDroppedAroundAMissingExecutable() {
        String raw = "crun: executable file `nope` not found in $PATH: No such file or directory\n";

        String message = RuntimeFailureException.dockerWording("crun", raw);

        assertThat(message).isEqualTo(PREFIX + "exec: \"nope\": executable file not found in $PATH: unknown");
    }

    @Test
    void anExecFailureNamesTheFileAndLowerCasesTheReason() {
        String raw = "crun: execvp `/etc`: Permission denied";

        String message = RuntimeFailureException.dockerWording("crun", raw);

        assertThat(message).isEqualTo(PREFIX + "exec: \"/etc\": permission denied: unknown");
    }

    @Test
    void anAbsolutePathThatDoesNotExist() {
        String raw = "execv `/bin/missing`: No such file or directory";

        String message = RuntimeFailureException.dockerWording("crun", raw);

        assertThat(message).isEqualTo(PREFIX + "exec: \"/bin/missing\": no such file or directory: unknown");
    }

    @Test
    void otherMessagesKeepTheirTextWithoutTheRuntimePrefix() {
        String raw = "crun: chdir to `/nowhere`: No such file or directory";

        String message = RuntimeFailureException.dockerWording("crun", raw);

        assertThat(message).isEqualTo(PREFIX + "chdir to `/nowhere`: no such file or directory: unknown");
    }

    @Test
    void errnoTextIsLowerCasedAsGoPrintsIt() {
        String raw = "open `/x`: Is a directory";

        String message = RuntimeFailureException.dockerWording("crun", raw);

        assertThat(message).isEqualTo(PREFIX + "open `/x`: is a directory: unknown");
    }

    @Test
    void theRuntimeNameIsTheOneGiven() {
        String message = RuntimeFailureException.dockerWording("runc", "runc: something broke");

        assertThat(message).isEqualTo("failed to create task for container: OCI runtime create failed: "
                + "runc create failed: unable to start container process: something broke: unknown");
    }

    @Test
    void aMissingMessageStillHasTheFrame() {
        String message = RuntimeFailureException.dockerWording("crun", null);

        assertThat(message).startsWith(PREFIX).endsWith(": unknown");
    }

    @Test
    void theExceptionCarriesTheMessage() {
        var e = new RuntimeFailureException("boom");

        assertThat(e).hasMessage("boom").hasNoCause();
    }
}
