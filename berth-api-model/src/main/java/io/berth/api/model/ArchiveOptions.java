package io.berth.api.model;

/** {@code PUT /containers/{id}/archive?path=&noOverwriteDirNonDir=&copyUIDGID=}. */
public record ArchiveOptions(String path, boolean noOverwriteDirNonDir, boolean copyUIDGID) {}
