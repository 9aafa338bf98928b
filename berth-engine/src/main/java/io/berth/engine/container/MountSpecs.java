package io.berth.engine.container;

import static io.berth.common.fs.SlashPaths.clean;

import io.berth.api.model.Mount;
import io.berth.common.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The mount syntaxes of the API, parsed and checked with Docker's rules and messages (moby's
 * {@code volume/mounts} Linux parser): {@code Binds} ({@code src:dst[:mode]}), {@code Mounts},
 * {@code VolumesFrom} and {@code Tmpfs} destinations. Pure: the one question about the host (does a
 * bind source exist) is asked through a predicate.
 */
final class MountSpecs {
    static final String DEFAULT_PROPAGATION = "rprivate";
    static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "slave", "rslave", "shared", "rshared");
    private static final Set<String> RW_MODES = Set.of("rw", "ro", "ro-non-recursive", "ro-force-recursive", "rro");
    private static final Set<String> LABEL_MODES = Set.of("z", "Z");
    private static final Set<String> CONSISTENCY_MODES = Set.of("consistent", "cached", "delegated");
    private static final Set<String> COPY_MODES = Set.of("nocopy");
    private static final Set<String> TMPFS_OPTIONS = Set.of("exec", "noexec");

    private MountSpecs() {}

    /** A parsed mount, and for a volume what to create it with if it does not exist yet. */
    record Parsed(ContainerMount mount, String volumeDriver, Map<String, String> volumeOptions,
                  Map<String, String> volumeLabels) {}

    /** One entry of {@code HostConfig.Binds}: {@code /host:/dst[:mode]}, {@code name:/dst[:mode]}. */
    static Parsed bind(String raw) {
        String[] arr = raw.split(":", 4);
        if (arr[0].isEmpty()) {
            throw invalidSpec(raw);
        }
        String source = "";
        String target;
        String mode = "";
        switch (arr.length) {
            case 1 -> target = arr[0];
            case 2 -> {
                if (validMode(arr[1])) {
                    throw invalidSpec(raw); // a destination and a mode is no volume: /foo:rw
                }
                source = arr[0];
                target = arr[1];
            }
            case 3 -> {
                source = arr[0];
                target = arr[1];
                mode = arr[2];
            }
            default -> throw invalidSpec(raw);
        }
        if (!validMode(mode)) {
            throw new InvalidArgumentException("invalid mode: " + mode);
        }
        boolean bind = source.startsWith("/");
        var spec = Mount.builder()
                .type(bind ? ContainerMount.BIND : ContainerMount.VOLUME)
                .source(source)
                .target(target)
                .readOnly(!readWrite(mode));
        boolean noCopy = List.of(mode.split(",")).contains("nocopy");
        if (!bind && noCopy) {
            spec.volumeOptions(Mount.VolumeOptions.builder().noCopy(true).build());
        }
        String propagation = propagation(mode);
        if (propagation != null) {
            spec.bindOptions(Mount.BindOptions.builder().propagation(propagation).build());
        }
        try {
            var parsed = parse(spec.build(), _ -> true);
            return new Parsed(parsed.mount().withMode(mode), "", null, null);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException(invalidSpec(raw).getMessage() + ": " + e.getMessage());
        }
    }

    /** One entry of {@code HostConfig.Mounts} ({@code --mount}); a bind's source must exist. */
    static Parsed mount(Mount spec, Predicate<String> exists) {
        return parse(spec, exists);
    }

    private static Parsed parse(Mount m, Predicate<String> exists) {
        String type = m.type() == null ? "" : m.type();
        String target = m.target() == null ? "" : m.target();
        String source = m.source() == null ? "" : m.source();
        boolean readOnly = Boolean.TRUE.equals(m.readOnly());
        if (target.isEmpty()) {
            throw config(type, "field Target must not be empty");
        }
        if (clean(target).equals("/")) {
            throw config(type, "invalid specification: destination can't be '/'");
        }
        if (!target.startsWith("/")) {
            throw config(type, "invalid mount path: '" + target + "' mount path must be absolute");
        }
        String destination = clean(target);
        switch (type) {
            case ContainerMount.BIND -> {
                if (source.isEmpty()) {
                    throw config(type, "field Source must not be empty");
                }
                String propagation = m.bindOptions() == null || m.bindOptions().propagation() == null
                        ? "" : m.bindOptions().propagation();
                if (!propagation.isEmpty() && !PROPAGATIONS.contains(propagation)) {
                    throw config(type, "invalid propagation mode: " + propagation);
                }
                if (m.volumeOptions() != null) {
                    throw config(type, "field VolumeOptions must not be specified");
                }
                if (!source.startsWith("/")) {
                    throw config(type, "invalid mount path: '" + source + "' mount path must be absolute");
                }
                boolean createMountpoint = m.bindOptions() != null
                        && Boolean.TRUE.equals(m.bindOptions().createMountpoint());
                if (!createMountpoint && !exists.test(source)) {
                    throw config(type, "bind source path does not exist: " + source);
                }
                boolean nonRecursive = m.bindOptions() != null && Boolean.TRUE.equals(m.bindOptions().nonRecursive());
                return new Parsed(new ContainerMount(ContainerMount.BIND, destination, clean(source), "", "", !readOnly,
                        "", propagation.isEmpty() ? DEFAULT_PROPAGATION : propagation, false, true, "", nonRecursive),
                        "", null, null);
            }
            case ContainerMount.VOLUME -> {
                if (m.bindOptions() != null) {
                    throw config(type, "field BindOptions must not be specified");
                }
                boolean anonymous = source.isEmpty();
                var options = m.volumeOptions();
                if (options != null && options.subpath() != null && !options.subpath().isEmpty()) {
                    if (anonymous) {
                        throw config(type, "must not set Subpath when using anonymous volumes");
                    }
                    throw config(type, "volume subpaths are not supported");
                }
                if (readOnly && anonymous) {
                    throw config(type, "must not set ReadOnly mode when using anonymous volumes");
                }
                boolean noCopy = options != null && Boolean.TRUE.equals(options.noCopy());
                String driver = options != null && options.driverConfig() != null && options.driverConfig().name() != null
                        ? options.driverConfig().name() : "";
                var driverOptions = options != null && options.driverConfig() != null
                        ? options.driverConfig().options() : null;
                var labels = options != null ? options.labels() : null;
                return new Parsed(new ContainerMount(ContainerMount.VOLUME, destination, "", source, driver, !readOnly,
                        "", "", !noCopy, !anonymous, "", false), driver, driverOptions, labels);
            }
            case ContainerMount.TMPFS -> {
                if (m.bindOptions() != null) {
                    throw config(type, "field BindOptions must not be specified");
                }
                if (!source.isEmpty()) {
                    throw config(type, "field Source must not be specified");
                }
                String options = tmpfsOptions(m.tmpfsOptions(), readOnly, type);
                return new Parsed(new ContainerMount(ContainerMount.TMPFS, destination, "", "", "", !readOnly, "", "",
                        false, false, options, false), "", null, null);
            }
            default -> throw config(type, "mount type unknown");
        }
    }

    /** moby's ConvertTmpfsOptions: ro, mode in octal, size with the largest exact suffix, exec/noexec. */
    static String tmpfsOptions(Mount.TmpfsOptions options, boolean readOnly, String type) {
        var raw = new ArrayList<String>();
        if (readOnly) {
            raw.add("ro");
        }
        if (options != null && options.mode() != null && options.mode() != 0) {
            raw.add("mode=" + Long.toOctalString(options.mode()));
        }
        if (options != null && options.sizeBytes() != null && options.sizeBytes() != 0) {
            long size = options.sizeBytes();
            String suffix = "";
            for (var unit : List.of(Map.entry("g", 1L << 30), Map.entry("m", 1L << 20), Map.entry("k", 1L << 10))) {
                if (size % unit.getValue() == 0) {
                    size /= unit.getValue();
                    suffix = unit.getKey();
                    break;
                }
            }
            raw.add("size=" + size + suffix);
        }
        if (options != null && options.options() != null) {
            for (List<String> option : options.options()) {
                if (option.isEmpty() || option.size() > 2) {
                    throw config(type, "invalid option array length");
                }
                if (!TMPFS_OPTIONS.contains(option.getFirst())) {
                    throw config(type, "invalid option: " + option.getFirst());
                }
                raw.add(option.size() == 1 ? option.getFirst() : option.getFirst() + "=" + option.get(1));
            }
        }
        return String.join(",", raw);
    }

    /** {@code HostConfig.VolumesFrom}: {@code container[:ro|rw]}; returns the container and whether it may write. */
    record VolumesFrom(String container, boolean writable) {}

    static VolumesFrom volumesFrom(String spec) {
        if (spec.isEmpty()) {
            throw new InvalidArgumentException("volumes-from specification cannot be an empty string");
        }
        int colon = spec.indexOf(':');
        String id = colon < 0 ? spec : spec.substring(0, colon);
        String mode = colon < 0 ? "" : spec.substring(colon + 1);
        if (mode.isEmpty()) {
            return new VolumesFrom(id, true);
        }
        if (!validMode(mode) || propagation(mode) != null || List.of(mode.split(",")).contains("nocopy")) {
            throw new InvalidArgumentException("invalid mode: " + mode);
        }
        return new VolumesFrom(id, readWrite(mode));
    }

    /** A {@code HostConfig.Tmpfs} destination (its options go to mount as they are). */
    static String tmpfsDestination(String destination) {
        if (clean(destination).equals("/")) {
            throw new InvalidArgumentException("invalid specification: destination can't be '/'");
        }
        if (!destination.startsWith("/")) {
            throw new InvalidArgumentException("invalid mount path: '" + destination + "' mount path must be absolute");
        }
        return clean(destination);
    }

    static boolean validMode(String mode) {
        if (mode.isEmpty()) {
            return true;
        }
        int rw = 0;
        int label = 0;
        int propagation = 0;
        int copy = 0;
        int consistency = 0;
        for (String o : mode.split(",", -1)) {
            if (RW_MODES.contains(o)) {
                rw++;
            } else if (LABEL_MODES.contains(o)) {
                label++;
            } else if (PROPAGATIONS.contains(o)) {
                propagation++;
            } else if (COPY_MODES.contains(o)) {
                copy++;
            } else if (CONSISTENCY_MODES.contains(o)) {
                consistency++;
            } else {
                return false;
            }
        }
        return rw <= 1 && label <= 1 && propagation <= 1 && copy <= 1 && consistency <= 1;
    }

    static boolean readWrite(String mode) {
        if (!validMode(mode)) {
            return false;
        }
        for (String o : mode.split(",")) {
            if (o.equals("ro") || o.equals("rro") || o.startsWith("ro-")) {
                return false;
            }
        }
        return true;
    }

    private static String propagation(String mode) {
        for (String o : mode.split(",")) {
            if (PROPAGATIONS.contains(o)) {
                return o;
            }
        }
        return null;
    }

    static boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    private static InvalidArgumentException invalidSpec(String raw) {
        return new InvalidArgumentException("invalid volume specification: '" + raw + "'");
    }

    private static InvalidArgumentException config(String type, String message) {
        return new InvalidArgumentException("invalid mount config for type \"" + type + "\": " + message);
    }
}
