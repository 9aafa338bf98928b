package io.berth.image.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The image configuration file (its sha256 is the image ID). {@code config} holds the container
 * defaults in Docker's capitalised form ({@code Env}, {@code Cmd}, …); the engine reads it with the
 * API's {@code ImageConfig} record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageConfigFile(String architecture, String os, String variant, String created, String author,
                              JsonNode config, RootFs rootfs, List<History> history,
                              String comment,
                              @JsonProperty("container") String container,
                              @JsonProperty("container_config") JsonNode containerConfig,
                              @JsonProperty("docker_version") String dockerVersion) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RootFs(String type, @JsonProperty("diff_ids") List<String> diffIds) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record History(String created, @JsonProperty("created_by") String createdBy, String author,
                          String comment, @JsonProperty("empty_layer") Boolean emptyLayer) {}

    public List<String> diffIds() {
        return rootfs == null || rootfs.diffIds() == null ? List.of() : rootfs.diffIds();
    }
}
