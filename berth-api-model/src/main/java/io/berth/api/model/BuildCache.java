package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** swagger: definitions/BuildCache (API 1.44; {@code CacheRecord} in newer specs): one record of {@code GET /system/df}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildCache(
        @JsonProperty("ID") String id,
        @JsonProperty("Parents") List<String> parents,
        @JsonProperty("Type") String type,
        @JsonProperty("Description") String description,
        @JsonProperty("InUse") boolean inUse,
        @JsonProperty("Shared") boolean shared,
        @JsonProperty("Size") long size,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("LastUsedAt") String lastUsedAt,
        @JsonProperty("UsageCount") long usageCount) {}
