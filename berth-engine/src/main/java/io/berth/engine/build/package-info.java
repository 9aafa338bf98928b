/**
 * Dockerfile builds ({@code POST /build}, the classic builder): {@link io.berth.engine.build.BuildService}
 * prepares a build (context, Dockerfile, checks made before the stream) and runs it; each
 * instruction becomes an intermediate image whose parent is the image before it, found again
 * through the build cache when nothing changed. {@code RUN} steps are real containers made through
 * the container service (so they have networks, limits, events and are cleaned up like any
 * container); their writable layer is written as the step's layer by berth-store's
 * {@code DiffTar}. {@code COPY}/{@code ADD} layers are written directly from the context (or
 * another image, mounted read-only) by {@link io.berth.engine.build.CopyLayer}.
 *
 * <p>Contexts come as the request body (a tar, or a bare Dockerfile) or from {@code remote=}
 * ({@link io.berth.engine.build.RemoteContext}: git repositories cloned with the host's git, tars
 * and Dockerfiles over http). The stages the target needs run side by side, each as soon as the
 * stages it uses are built, while the output keeps the order of a sequential build.
 *
 * <p>The cache's entries are the build cache of {@code system df} and {@code builder prune}
 * ({@link io.berth.engine.build.BuildService#cacheRecords}): a record per cached step, sized by
 * the layer the step added, shared while a tagged or used image still needs its image.
 */
package io.berth.engine.build;
