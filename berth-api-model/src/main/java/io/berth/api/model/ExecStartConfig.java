package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code POST /exec/{id}/start}: the body (swagger's inline {@code ExecStartConfig}). {@code Tty}
 * chooses the stream format (raw or multiplexed); {@code ConsoleSize}, when given, replaces the one
 * from the exec's creation.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExecStartConfig(
        @JsonProperty("Detach") Boolean detach,
        @JsonProperty("Tty") Boolean tty,
        @JsonProperty("ConsoleSize") List<Long> consoleSize) {
    public ExecStartConfig {
        consoleSize = consoleSize == null ? null : List.copyOf(consoleSize);
    }

    public static ExecStartConfig attached(boolean tty) {
        return new ExecStartConfig(false, tty, null);
    }

    public static ExecStartConfig detached() {
        return new ExecStartConfig(true, false, null);
    }
}
