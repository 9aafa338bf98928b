package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /system/df}'s answer as API versions before 1.52 have it (swagger v1.44: an inline
 * object). A list left out by the {@code type} parameter is {@code null}, as Docker's.
 * {@code BuilderSize} (deprecated by Docker, still read by docker CLIs up to 28 for the header of
 * {@code docker system df -v}'s build cache table) is the build cache's unshared size.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SystemDataUsageResponse(
        @JsonProperty("LayersSize") long layersSize,
        @JsonProperty("Images") List<ImageSummary> images,
        @JsonProperty("Containers") List<ContainerSummary> containers,
        @JsonProperty("Volumes") List<Volume> volumes,
        @JsonProperty("BuildCache") List<BuildCache> buildCache,
        @JsonProperty("BuilderSize") long builderSize) {}
