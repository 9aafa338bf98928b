package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code POST /images/prune}'s answer (swagger: an inline object; {@code ImagesDeleted} is null when empty). */
public record ImagePruneResponse(
        @JsonProperty("ImagesDeleted") List<ImageDeleteResponseItem> imagesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {}
