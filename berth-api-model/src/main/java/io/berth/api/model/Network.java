package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * swagger v1.44: definitions/Network — what {@code GET /networks} and {@code GET /networks/{id}}
 * return (written by hand: the newer specs split it over several definitions).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Network(
        @JsonProperty("Name") String name,
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Driver") String driver,
        @JsonProperty("EnableIPv6") Boolean enableIPv6,
        @JsonProperty("IPAM") IPAM ipam,
        @JsonProperty("Internal") Boolean internal,
        @JsonProperty("Attachable") Boolean attachable,
        @JsonProperty("Ingress") Boolean ingress,
        @JsonProperty("ConfigFrom") ConfigReference configFrom,
        @JsonProperty("ConfigOnly") Boolean configOnly,
        @JsonProperty("Containers") Map<String, NetworkContainer> containers,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Labels") Map<String, String> labels) {

    /** swagger v1.44: definitions/NetworkContainer. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record NetworkContainer(
            @JsonProperty("Name") String name,
            @JsonProperty("EndpointID") String endpointID,
            @JsonProperty("MacAddress") String macAddress,
            @JsonProperty("IPv4Address") String iPv4Address,
            @JsonProperty("IPv6Address") String iPv6Address) {}
}
