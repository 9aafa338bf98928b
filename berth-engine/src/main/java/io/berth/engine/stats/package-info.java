/**
 * {@code docker stats}: {@link io.berth.engine.stats.StatsService} samples a container's cgroup, the
 * host's CPU time and the container's interfaces ({@link io.berth.engine.stats.Sampler}) and shapes
 * each sample as Docker's {@code GET /containers/{id}/stats} document
 * ({@link io.berth.engine.stats.StatsViews}): one a second when streaming, each carrying the previous
 * sample's CPU figures as {@code precpu_stats}.
 *
 * <p>No locks: a sample reads files only, and the container record is looked up afresh each second.
 */
package io.berth.engine.stats;
