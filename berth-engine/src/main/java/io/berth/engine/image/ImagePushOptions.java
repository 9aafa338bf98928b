package io.berth.engine.image;

import io.berth.image.registry.RegistryAuth;

/** {@code POST /images/{name}/push?tag=} with {@code X-Registry-Auth}; an empty tag pushes every tag of the repository. */
public record ImagePushOptions(String name, String tag, RegistryAuth auth) {}
