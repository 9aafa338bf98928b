package io.berth.image.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One image in a docker-archive's {@code manifest.json}: the path of its config file, its tags
 * (familiar form, {@code busybox:latest}; {@code null} when saved by ID) and the paths of its
 * uncompressed layer tars, bottom first.
 */
record DockerManifestItem(@JsonProperty("Config") String config,
                          @JsonProperty("RepoTags") List<String> repoTags,
                          @JsonProperty("Layers") List<String> layers) {}
