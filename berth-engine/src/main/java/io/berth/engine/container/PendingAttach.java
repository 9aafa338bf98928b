package io.berth.engine.container;

import io.berth.runtime.conmon.AttachSocket;
import java.util.concurrent.CompletableFuture;

/**
 * An attach that arrived before the container started (what {@code docker run} does): the start
 * connects it to conmon's attach socket after the runtime created the container and before the
 * process runs, so no output is lost.
 */
final class PendingAttach {
    final CompletableFuture<AttachSocket> socket = new CompletableFuture<>();
}
