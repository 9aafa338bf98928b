package io.berth.engine.build;

import io.berth.image.registry.Progress;

/**
 * Where a build reports, in the classic builder's terms: text for the {@code stream} lines (step
 * headers, {@code RUN} output), the ID of each finished stage ({@code aux}), and the progress of
 * pulls of base images.
 */
public interface BuildOutput {
    void stream(String text);

    void aux(String imageId);

    void pull(Progress progress);
}
