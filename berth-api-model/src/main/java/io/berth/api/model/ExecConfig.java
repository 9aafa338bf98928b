package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code POST /containers/{id}/exec}: the body (swagger's inline {@code ExecConfig}). Components are
 * nullable, as Docker's JSON is; the engine decides what an absent field means.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExecConfig(
        @JsonProperty("AttachStdin") Boolean attachStdin,
        @JsonProperty("AttachStdout") Boolean attachStdout,
        @JsonProperty("AttachStderr") Boolean attachStderr,
        @JsonProperty("ConsoleSize") List<Long> consoleSize,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("Tty") Boolean tty,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Privileged") Boolean privileged,
        @JsonProperty("User") String user,
        @JsonProperty("WorkingDir") String workingDir) {
    public ExecConfig {
        consoleSize = consoleSize == null ? null : List.copyOf(consoleSize);
        env = env == null ? null : List.copyOf(env);
        cmd = cmd == null ? null : List.copyOf(cmd);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Boolean attachStdin;
        private Boolean attachStdout;
        private Boolean attachStderr;
        private List<Long> consoleSize;
        private String detachKeys;
        private Boolean tty;
        private List<String> env;
        private List<String> cmd;
        private Boolean privileged;
        private String user;
        private String workingDir;

        private Builder() {}

        public Builder attachStdin(Boolean value) {
            this.attachStdin = value;
            return this;
        }

        public Builder attachStdout(Boolean value) {
            this.attachStdout = value;
            return this;
        }

        public Builder attachStderr(Boolean value) {
            this.attachStderr = value;
            return this;
        }

        public Builder consoleSize(List<Long> value) {
            this.consoleSize = value;
            return this;
        }

        public Builder detachKeys(String value) {
            this.detachKeys = value;
            return this;
        }

        public Builder tty(Boolean value) {
            this.tty = value;
            return this;
        }

        public Builder env(List<String> value) {
            this.env = value;
            return this;
        }

        public Builder cmd(List<String> value) {
            this.cmd = value;
            return this;
        }

        public Builder privileged(Boolean value) {
            this.privileged = value;
            return this;
        }

        public Builder user(String value) {
            this.user = value;
            return this;
        }

        public Builder workingDir(String value) {
            this.workingDir = value;
            return this;
        }

        public ExecConfig build() {
            return new ExecConfig(attachStdin, attachStdout, attachStderr, consoleSize, detachKeys, tty, env, cmd,
                    privileged, user, workingDir);
        }
    }
}
