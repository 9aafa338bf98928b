package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Docker's wording of a failed exec, from what crun and runc 1.1 print (as seen on this kind of host). */
class ExecProcessTest {
    private static final String PREFIX = "OCI runtime exec failed: exec failed: unable to start container process: ";

    @Test
    void crunMissingCommand() {
        String raw = "executable file `nosuch` not found in $PATH: No such file or directory\n";

        assertThat(ExecProcess.dockerWording("crun", raw, "nosuch"))
                .isEqualTo(PREFIX + "exec: \"nosuch\": executable file not found in $PATH: unknown");
    }

    @Test
    void crunFileThatIsNotExecutableOrADirectory() {
        assertThat(ExecProcess.dockerWording("crun", "open executable: Permission denied\n", "/etc/passwd"))
                .isEqualTo(PREFIX + "exec: \"/etc/passwd\": permission denied: unknown");
        assertThat(ExecProcess.dockerWording("crun", "open executable: Operation not permitted\n", "/etc"))
                .isEqualTo(PREFIX + "exec: \"/etc\": permission denied: unknown");
    }

    @Test
    void runcMessagesAreUnquoted() {
        String raw = "time=\"2026-11-28T22:46:42Z\" level=error msg=\"exec failed: unable to start container process: "
                + "exec: \\\"nosuch\\\": executable file not found in $PATH\"\n";

        assertThat(ExecProcess.dockerWording("runc", raw, "nosuch"))
                .isEqualTo(PREFIX + "exec: \"nosuch\": executable file not found in $PATH: unknown");
    }

    @Test
    void runcMissingPath() {
        String raw = "time=\"x\" level=error msg=\"exec failed: unable to start container process: "
                + "exec: \\\"/nope/x\\\": stat /nope/x: no such file or directory\"";

        assertThat(ExecProcess.dockerWording("runc", raw, "/nope/x"))
                .isEqualTo(PREFIX + "exec: \"/nope/x\": stat /nope/x: no such file or directory: unknown");
    }

    @Test
    void noMessageAtAll() {
        assertThat(ExecProcess.dockerWording("crun", "", "x")).isEqualTo(PREFIX + "crun gave no reason: unknown");
    }
}
