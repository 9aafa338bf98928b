package io.berth.engine.image;

import io.berth.image.registry.Platform;
import io.berth.image.registry.RegistryAuth;
import java.util.Optional;

/**
 * {@code POST /images/create?fromImage=&tag=&platform=} with {@code X-Registry-Auth}: the image, a tag
 * or digest (empty with no tag in {@code fromImage}: every tag, as Docker's API has it), the platform.
 */
public record ImagePullOptions(String fromImage, String tag, Optional<Platform> platform, RegistryAuth auth) {}
