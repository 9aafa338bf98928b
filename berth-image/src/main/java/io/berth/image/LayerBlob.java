package io.berth.image;

import io.berth.common.Digest;

/** A layer blob already in the content store, with its media type. */
public record LayerBlob(Digest digest, String mediaType, long size) {}
