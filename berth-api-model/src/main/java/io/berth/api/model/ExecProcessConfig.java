package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code ProcessConfig} of an exec inspect as Docker writes it (moby's {@code ExecProcessConfig}:
 * this order, {@code user} left out when empty). The swagger's {@link ProcessConfig} has the same
 * JSON names; this record keeps Docker's byte order.
 */
public record ExecProcessConfig(
        @JsonProperty("tty") Boolean tty,
        @JsonProperty("entrypoint") String entrypoint,
        @JsonProperty("arguments") List<String> arguments,
        @JsonProperty("privileged") Boolean privileged,
        @JsonProperty("user") @JsonInclude(JsonInclude.Include.NON_EMPTY) String user) {
    public ExecProcessConfig {
        arguments = arguments == null ? null : List.copyOf(arguments);
    }
}
