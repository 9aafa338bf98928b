package io.berth.image.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An image index (OCI) or manifest list (Docker). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Index(int schemaVersion, String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {}
