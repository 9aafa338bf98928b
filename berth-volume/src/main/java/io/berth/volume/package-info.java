/**
 * Volumes on disk: Docker's {@code local} driver ({@link io.berth.volume.LocalDriver}) and the
 * copy-up of image content into a new volume ({@link io.berth.volume.TreeCopy}).
 *
 * <p>Files, under {@code <data-root>/volumes/}:
 * <pre>
 * &lt;name&gt;/_data     the volume's content, bind-mounted into containers; for a volume with
 *                   options (type, device, o) the mount point of that device while in use
 * </pre>
 * The records of the volumes (labels, options, creation time) live in state.db (kind
 * {@code volume}), kept by the engine's {@code VolumeService}.
 */
package io.berth.volume;
