package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** swagger: {@code GET /images/search}'s items (definitions/ImageSearchResponseItem). */
public record ImageSearchResponseItem(
        @JsonProperty("description") String description,
        @JsonProperty("is_official") boolean isOfficial,
        @JsonProperty("is_automated") boolean isAutomated,
        @JsonProperty("name") String name,
        @JsonProperty("star_count") long starCount) {}
