/**
 * Volumes: Docker's volume API ({@link io.berth.engine.volume.VolumeService}) over the local driver
 * of {@code berth-volume}, and the references containers hold on volumes.
 *
 * <p>Records: {@link io.berth.engine.volume.VolumeRecord} in the state store, kind {@code volume},
 * id and name = the volume's name. References (which containers use a volume) and active mounts
 * (which running containers have an option volume mounted) are kept in memory and rebuilt from the
 * containers' records when berthd starts, as Docker does.
 *
 * <p>Locks: a volume's own lock, taken after a container's (never the reverse); the reference maps
 * in short synchronised sections.
 */
package io.berth.engine.volume;
