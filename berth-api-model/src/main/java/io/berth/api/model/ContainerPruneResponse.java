package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /containers/prune}'s answer (swagger: an inline object; {@code ContainersDeleted} is null when empty). */
public record ContainerPruneResponse(
        @JsonProperty("ContainersDeleted") List<String> containersDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
