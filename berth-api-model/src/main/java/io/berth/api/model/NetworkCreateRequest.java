package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The body of {@code POST /networks/create} (an inline schema in the swagger). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkCreateRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("CheckDuplicate") Boolean checkDuplicate,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Internal") Boolean internal,
        @JsonProperty("Attachable") Boolean attachable,
        @JsonProperty("Ingress") Boolean ingress,
        @JsonProperty("ConfigOnly") Boolean configOnly,
        @JsonProperty("IPAM") IPAM ipam,
        @JsonProperty("EnableIPv6") Boolean enableIPv6,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {}
