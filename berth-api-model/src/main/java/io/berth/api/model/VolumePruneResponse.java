package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /volumes/prune}'s answer (swagger: an inline object, VolumePruneResponse in the Go client). */
public record VolumePruneResponse(
        @JsonProperty("VolumesDeleted") List<String> volumesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
    public VolumePruneResponse {
        volumesDeleted = volumesDeleted == null ? List.of() : List.copyOf(volumesDeleted);
    }
}
