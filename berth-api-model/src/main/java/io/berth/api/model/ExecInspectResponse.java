package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /exec/{id}/json} (swagger's inline {@code ExecInspectResponse}), in the order Docker
 * writes it. {@code ExitCode} is null while the process has not exited. {@code DetachKeys} is what
 * Docker sends: the parsed key bytes, base64-encoded (Docker keeps them as a Go {@code []byte}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExecInspectResponse(
        @JsonProperty("ID") String id,
        @JsonProperty("Running") Boolean running,
        @JsonProperty("ExitCode") Integer exitCode,
        @JsonProperty("ProcessConfig") ExecProcessConfig processConfig,
        @JsonProperty("OpenStdin") Boolean openStdin,
        @JsonProperty("OpenStderr") Boolean openStderr,
        @JsonProperty("OpenStdout") Boolean openStdout,
        @JsonProperty("CanRemove") Boolean canRemove,
        @JsonProperty("ContainerID") String containerID,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("Pid") Long pid) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String id;
        private Boolean running;
        private Integer exitCode;
        private ExecProcessConfig processConfig;
        private Boolean openStdin;
        private Boolean openStderr;
        private Boolean openStdout;
        private Boolean canRemove;
        private String containerID;
        private String detachKeys;
        private Long pid;

        private Builder() {}

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder running(Boolean value) {
            this.running = value;
            return this;
        }

        public Builder exitCode(Integer value) {
            this.exitCode = value;
            return this;
        }

        public Builder processConfig(ExecProcessConfig value) {
            this.processConfig = value;
            return this;
        }

        public Builder openStdin(Boolean value) {
            this.openStdin = value;
            return this;
        }

        public Builder openStderr(Boolean value) {
            this.openStderr = value;
            return this;
        }

        public Builder openStdout(Boolean value) {
            this.openStdout = value;
            return this;
        }

        public Builder canRemove(Boolean value) {
            this.canRemove = value;
            return this;
        }

        public Builder containerID(String value) {
            this.containerID = value;
            return this;
        }

        public Builder detachKeys(String value) {
            this.detachKeys = value;
            return this;
        }

        public Builder pid(Long value) {
            this.pid = value;
            return this;
        }

        public ExecInspectResponse build() {
            return new ExecInspectResponse(id, running, exitCode, processConfig, openStdin, openStderr, openStdout,
                    canRemove, containerID, detachKeys, pid);
        }
    }
}
