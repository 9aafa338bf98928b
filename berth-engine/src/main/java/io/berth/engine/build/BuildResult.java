package io.berth.engine.build;

/** How a build ended once its output had started: an image, or an error with Docker's code. */
public sealed interface BuildResult {
    record Built(String imageId) implements BuildResult {}

    /** {@code code} is a failed {@code RUN}'s exit code (the docker CLI exits with it), else 0 (Docker sends none). */
    record Failed(String message, int code) implements BuildResult {}
}
