package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /build/prune}'s answer (swagger: an inline object; {@code CachesDeleted} is null when empty). */
public record BuildCachePruneResponse(
        @JsonProperty("CachesDeleted") List<String> cachesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
