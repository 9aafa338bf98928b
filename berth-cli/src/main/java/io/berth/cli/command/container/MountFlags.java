package io.berth.cli.command.container;

import io.berth.api.model.Mount;
import io.berth.cli.command.container.Sizes;
import io.berth.common.InvalidArgumentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code -v}, {@code --mount} and {@code --tmpfs} as the docker CLI sends them: {@code -v} with a
 * source goes to {@code HostConfig.Binds} (a source starting with "." made absolute), {@code -v /path}
 * alone to {@code Config.Volumes}; {@code --mount} is parsed here into {@code HostConfig.Mounts};
 * the daemon checks the rest.
 */
final class MountFlags {
    private MountFlags() {}

    static List<String> binds(List<String> volumes) {
        var binds = new ArrayList<String>();
        for (String spec : volumes) {
            int colon = spec.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String host = spec.substring(0, colon);
            if (!host.startsWith("/") && host.startsWith(".")) {
                host = Path.of(host).toAbsolutePath().normalize().toString();
            }
            binds.add(host + spec.substring(colon));
        }
        return binds.isEmpty() ? null : binds;
    }

    static Map<String, Map<String, Object>> anonymousVolumes(List<String> volumes) {
        var anonymous = new LinkedHashMap<String, Map<String, Object>>();
        for (String spec : volumes) {
            if (spec.indexOf(':') < 0) {
                anonymous.put(spec, Map.of());
            }
        }
        return anonymous.isEmpty() ? null : anonymous;
    }

    static Map<String, String> tmpfs(List<String> specs) {
        var tmpfs = new LinkedHashMap<String, String>();
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            tmpfs.put(colon < 0 ? spec : spec.substring(0, colon), colon < 0 ? "" : spec.substring(colon + 1));
        }
        return tmpfs.isEmpty() ? null : tmpfs;
    }

    static List<Mount> mounts(List<String> specs) {
        var mounts = new ArrayList<Mount>();
        for (String spec : specs) {
            try {
                mounts.add(mount(spec));
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("invalid argument \"" + spec + "\" for \"--mount\" flag: "
                        + e.getMessage());
            }
        }
        return mounts.isEmpty() ? null : mounts;
    }

    /** One {@code --mount} value: comma-separated {@code key=value} fields (CSV quoting allowed), as docker's. */
    static Mount mount(String value) {
        String type = "volume";
        String source = null;
        String target = null;
        boolean readOnly = false;
        String consistency = null;
        Mount.BindOptions.Builder bind = null;
        Mount.VolumeOptions.Builder volume = null;
        Map<String, String> volumeLabels = null;
        Map<String, String> volumeDriverOptions = null;
        String volumeDriver = null;
        Mount.TmpfsOptions.Builder tmpfs = null;
        for (String field : csv(value)) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            String val = eq < 0 ? "" : field.substring(eq + 1);
            if (eq < 0) {
                switch (key) {
                    case "readonly", "ro" -> readOnly = true;
                    case "volume-nocopy" -> volume = (volume == null ? Mount.VolumeOptions.builder() : volume).noCopy(true);
                    case "bind-nonrecursive" ->
                            bind = (bind == null ? Mount.BindOptions.builder() : bind).nonRecursive(true);
                    default -> throw new InvalidArgumentException("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            switch (key) {
                case "type" -> type = val.toLowerCase(Locale.ROOT);
                case "source", "src" -> source = val.equals(".") || val.startsWith("./")
                        ? Path.of(val).toAbsolutePath().normalize().toString() : val;
                case "target", "dst", "destination" -> target = val;
                case "readonly", "ro" -> readOnly = bool(key, val);
                case "consistency" -> consistency = val.toLowerCase(Locale.ROOT);
                case "bind-propagation" ->
                        bind = (bind == null ? Mount.BindOptions.builder() : bind).propagation(val.toLowerCase(Locale.ROOT));
                case "bind-nonrecursive" ->
                        bind = (bind == null ? Mount.BindOptions.builder() : bind).nonRecursive(bool(key, val));
                case "volume-nocopy" -> {
                    try {
                        volume = (volume == null ? Mount.VolumeOptions.builder() : volume).noCopy(bool(key, val));
                    } catch (InvalidArgumentException e) {
                        throw new InvalidArgumentException("invalid value for volume-nocopy: " + val);
                    }
                }
                case "volume-label" -> {
                    volume = volume == null ? Mount.VolumeOptions.builder() : volume;
                    volumeLabels = put(volumeLabels, val);
                }
                case "volume-driver" -> {
                    volume = volume == null ? Mount.VolumeOptions.builder() : volume;
                    volumeDriver = val;
                }
                case "volume-opt" -> {
                    volume = volume == null ? Mount.VolumeOptions.builder() : volume;
                    volumeDriverOptions = put(volumeDriverOptions, val);
                }
                case "tmpfs-size" -> {
                    try {
                        tmpfs = (tmpfs == null ? Mount.TmpfsOptions.builder() : tmpfs)
                                .sizeBytes(Sizes.ramInBytes(val, "tmpfs-size"));
                    } catch (InvalidArgumentException e) {
                        throw new InvalidArgumentException("invalid value for " + key + ": " + val);
                    }
                }
                case "tmpfs-mode" -> {
                    try {
                        tmpfs = (tmpfs == null ? Mount.TmpfsOptions.builder() : tmpfs).mode(Long.parseLong(val, 8));
                    } catch (NumberFormatException e) {
                        throw new InvalidArgumentException("invalid value for " + key + ": " + val);
                    }
                }
                default -> throw new InvalidArgumentException("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        if (type.isEmpty()) {
            throw new InvalidArgumentException("type is required");
        }
        if (target == null || target.isEmpty()) {
            throw new InvalidArgumentException("target is required");
        }
        if (volume != null && !type.equals("volume")) {
            throw new InvalidArgumentException("cannot mix 'volume-*' options with mount type '" + type + "'");
        }
        if (bind != null && !type.equals("bind")) {
            throw new InvalidArgumentException("cannot mix 'bind-*' options with mount type '" + type + "'");
        }
        if (tmpfs != null && !type.equals("tmpfs")) {
            throw new InvalidArgumentException("cannot mix 'tmpfs-*' options with mount type '" + type + "'");
        }
        if (volume != null) {
            volume.labels(volumeLabels == null ? Map.of() : volumeLabels)
                    .driverConfig(Mount.VolumeOptions.DriverConfig.builder().name(volumeDriver == null ? "" : volumeDriver)
                            .options(volumeDriverOptions).build());
        }
        return Mount.builder()
                .type(type)
                .source(source == null ? "" : source)
                .target(target)
                .readOnly(readOnly)
                .consistency(consistency)
                .bindOptions(bind == null ? null : bind.build())
                .volumeOptions(volume == null ? null : volume.build())
                .tmpfsOptions(tmpfs == null ? null : tmpfs.build())
                .build();
    }

    private static Map<String, String> put(Map<String, String> map, String keyValue) {
        var out = map == null ? new LinkedHashMap<String, String>() : map;
        int eq = keyValue.indexOf('=');
        String k = eq < 0 ? keyValue : keyValue.substring(0, eq);
        if (!k.isEmpty()) {
            out.put(k, eq < 0 ? "" : keyValue.substring(eq + 1));
        }
        return out;
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new InvalidArgumentException("invalid value for " + key + ": " + value);
        };
    }

    /** One CSV record (Go's encoding/csv): fields split at commas, double quotes group and escape. */
    static List<String> csv(String line) {
        var fields = new ArrayList<String>();
        var current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
