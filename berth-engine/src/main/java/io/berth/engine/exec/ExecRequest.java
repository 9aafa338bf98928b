package io.berth.engine.exec;

import io.berth.api.model.ExecConfig;
import io.berth.common.InvalidArgumentException;
import io.berth.common.DetachKeys;
import io.berth.runtime.oci.OciSpec;
import java.util.List;
import java.util.Optional;

/**
 * A validated {@code POST /containers/{id}/exec} body: what to run and how. Absent flags are false,
 * absent strings empty, as Docker reads them.
 */
record ExecRequest(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
                   Optional<OciSpec.ConsoleSize> consoleSize, boolean privileged, boolean attachStdin,
                   boolean attachStdout, boolean attachStderr, String detachKeys, byte[] detachKeyBytes) {
    ExecRequest {
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        detachKeyBytes = detachKeyBytes.clone();
    }

    /** Docker's checks at create time: a command, a console size of two, detach keys it can parse. */
    static ExecRequest from(ExecConfig config) {
        if (config.cmd() == null || config.cmd().isEmpty()) {
            throw new InvalidArgumentException("No exec command specified");
        }
        String keys = orEmpty(config.detachKeys());
        byte[] keyBytes = keys.isEmpty() ? new byte[0] : DetachKeys.parse(keys);
        return new ExecRequest(config.cmd(), config.env() == null ? List.of() : config.env(), orEmpty(config.user()),
                orEmpty(config.workingDir()), isTrue(config.tty()), consoleSize(config.consoleSize()),
                isTrue(config.privileged()), isTrue(config.attachStdin()), isTrue(config.attachStdout()),
                isTrue(config.attachStderr()), keys, keyBytes);
    }

    /** {@code [height, width]}; absent, or zero, means the runtime's default. */
    static Optional<OciSpec.ConsoleSize> consoleSize(List<Long> size) {
        if (size == null || size.isEmpty()) {
            return Optional.empty();
        }
        if (size.size() != 2 || size.get(0) == null || size.get(1) == null || size.get(0) < 0 || size.get(1) < 0) {
            throw new InvalidArgumentException("invalid ConsoleSize: expected [height, width], got " + size);
        }
        if (size.get(0) == 0 || size.get(1) == 0) {
            return Optional.empty();
        }
        return Optional.of(new OciSpec.ConsoleSize(size.get(0).intValue(), size.get(1).intValue()));
    }

    /** Docker runs an exec as the container's user unless it names one. */
    ExecRequest withDefaultUser(String containerUser) {
        if (!user.isEmpty() || containerUser == null || containerUser.isEmpty()) {
            return this;
        }
        return new ExecRequest(cmd, env, containerUser, workingDir, tty, consoleSize, privileged, attachStdin,
                attachStdout, attachStderr, detachKeys, detachKeyBytes);
    }

    String entrypoint() {
        return cmd.getFirst();
    }

    List<String> arguments() {
        return cmd.subList(1, cmd.size());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
