/**
 * {@code /version} and {@code /info}: what this engine is and what it runs on; and
 * {@link io.berth.engine.system.DiskUsageService} for {@code GET /system/df}.
 *
 * <p>Disk usage and the prunes follow moby's rules. The prunes themselves live with what they
 * remove ({@code ContainerService.prune}, {@code ImageService.prune}, {@code NetworkService.prune},
 * {@code VolumeService.prune}, {@code BuildService.prune}), each reading its filters through
 * {@link io.berth.engine.PruneFilters}, each emitting the events of what it removes and then one
 * {@code prune} event with the bytes reclaimed. The space reclaimed is measured, not estimated:
 * the writable layers of the removed containers, and the unpacked image layers that no longer
 * exist afterwards. {@code system prune} is the client's sequence of those calls, as in docker.
 */
package io.berth.engine.system;
