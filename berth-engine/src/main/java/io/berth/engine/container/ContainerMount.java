package io.berth.engine.container;

/**
 * One mount point of a container, recorded at create time as Docker's daemon records it
 * ({@code MountPoint} in moby): a host directory ({@code bind}), a volume ({@code volume}, by name)
 * or a {@code tmpfs} from {@code --mount type=tmpfs}. {@code --tmpfs} entries stay in the
 * HostConfig, as in Docker (they are not mount points).
 *
 * @param source       the host path of a bind; empty otherwise (a volume's path comes from its name)
 * @param mode         what inspect shows as Mode: the options of {@code -v}, "z" for a named local
 *                     volume, else empty
 * @param propagation  bind propagation ({@code rprivate} unless given); empty for volumes and tmpfs
 * @param copyData     fill the volume with the image's content at this path if it is empty
 * @param named        the spec named its source (a volume name or host path); anonymous volumes
 *                     are the ones {@code rm -v} removes
 * @param tmpfsOptions a tmpfs mount's options (size, mode, ro), as mount(8) takes them
 * @param nonRecursive a bind without its submounts ({@code bind-nonrecursive})
 */
public record ContainerMount(String type, String destination, String source, String name, String driver, boolean rw,
                             String mode, String propagation, boolean copyData, boolean named, String tmpfsOptions,
                             boolean nonRecursive) {
    public static final String BIND = "bind";
    public static final String VOLUME = "volume";
    public static final String TMPFS = "tmpfs";

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isVolume() {
        return type.equals(VOLUME);
    }

    ContainerMount withVolume(String volumeName, String volumeDriver) {
        return new ContainerMount(type, destination, source, volumeName, volumeDriver, rw, mode, propagation, copyData,
                named, tmpfsOptions, nonRecursive);
    }

    ContainerMount withMode(String newMode) {
        return new ContainerMount(type, destination, source, name, driver, rw, newMode, propagation, copyData, named,
                tmpfsOptions, nonRecursive);
    }

    /** As {@code --volumes-from} copies it: read-only if either side says so, never copied up again, no mode. */
    ContainerMount inherited(boolean writable) {
        return new ContainerMount(type, destination, source, name, driver, rw && writable, "", propagation, false, named,
                tmpfsOptions, nonRecursive);
    }
}
