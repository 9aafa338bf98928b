package io.berth.engine.logs;

import io.berth.api.model.HostConfig;
import io.berth.common.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A container's effective log settings: the driver, and for the file drivers when to rotate
 * ({@code maxSize} bytes per file, {@code maxFile} files kept, the rotated ones gzipped when
 * {@code compress}). Unlike Docker's json-file, rotation is always on: 20 MiB × 5 files unless the
 * options say otherwise (the defaults of Docker's {@code local} driver, whose compression default
 * {@code local} keeps).
 */
public record LogSettings(LogDriver driver, long maxSize, int maxFile, boolean compress) {
    public static final long DEFAULT_MAX_SIZE = 20L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILE = 5;

    private static final Set<String> JSON_FILE_OPTS = Set.of("max-file", "max-size", "compress", "labels",
            "labels-regex", "env", "env-regex", "tag");
    private static final Set<String> LOCAL_OPTS = Set.of("max-file", "max-size", "compress");
    private static final Set<String> K8S_FILE_OPTS = Set.of("max-size");
    private static final String INIT = "failed to initialize logging driver: ";

    /** The settings of a container whose LogConfig has been merged with the daemon's defaults. */
    public static LogSettings of(HostConfig.LogConfig config) {
        return of(config.type(), config.config() == null ? Map.of() : config.config());
    }

    /**
     * Validates a driver and its options with Docker's messages ({@code logger.ValidateLogOpts}
     * and the drivers' own checks; Docker makes the latter when the container starts, Berth at
     * create, so nothing is created that could not start).
     */
    public static LogSettings of(String type, Map<String, String> options) {
        if (type.equals("none")) {
            return new LogSettings(LogDriver.NONE, 0, 0, false);
        }
        validateBuiltIn(options);
        LogDriver driver = LogDriver.byName(type).orElseThrow(() -> new InvalidArgumentException(
                "logger: no log driver named '" + type + "' is registered"));
        var own = new LinkedHashMap<>(options);
        own.remove("mode");
        own.remove("max-buffer-size");
        return switch (driver) {
            case JSON_FILE -> jsonFile(own);
            case LOCAL -> local(own);
            case K8S_FILE -> k8sFile(own);
            case NONE -> throw new IllegalStateException("handled above");
        };
    }

    /** The options every driver takes: {@code mode} and {@code max-buffer-size}. */
    private static void validateBuiltIn(Map<String, String> options) {
        String mode = options.getOrDefault("mode", "");
        if (!mode.isEmpty() && !mode.equals("blocking") && !mode.equals("non-blocking")) {
            throw new InvalidArgumentException("logger: logging mode not supported: " + mode);
        }
        if (options.containsKey("max-buffer-size")) {
            if (!mode.equals("non-blocking")) {
                throw new InvalidArgumentException(
                        "logger: max-buffer-size option is only supported with 'mode=non-blocking'");
            }
            try {
                HumanSize.ramInBytes(options.get("max-buffer-size"));
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("error parsing option max-buffer-size: " + e.getMessage());
            }
        }
    }

    private static LogSettings jsonFile(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!JSON_FILE_OPTS.contains(key)) {
                throw new InvalidArgumentException("unknown log opt '" + key + "' for json-file log driver");
            }
        }
        long maxSize = DEFAULT_MAX_SIZE;
        if (options.containsKey("max-size")) {
            maxSize = size(options.get("max-size"), "");
            if (maxSize <= 0) {
                throw new InvalidArgumentException(INIT + "max-size must be a positive number");
            }
        }
        int maxFile = DEFAULT_MAX_FILE;
        if (options.containsKey("max-file")) {
            maxFile = atoi(options.get("max-file"), "");
            if (maxFile < 1) {
                throw new InvalidArgumentException(INIT + "max-file cannot be less than 1");
            }
        }
        boolean compress = false;
        if (options.containsKey("compress")) {
            compress = parseBool(options.get("compress"), "");
            if (compress && maxFile == 1) {
                throw new InvalidArgumentException(INIT
                        + "compress cannot be true when max-file is less than 2 or max-size is not set");
            }
        }
        return new LogSettings(LogDriver.JSON_FILE, maxSize, maxFile, compress);
    }

    private static LogSettings local(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!LOCAL_OPTS.contains(key)) {
                throw new InvalidArgumentException("unknown log opt '" + key + "' for log driver local");
            }
        }
        String maxSizeText = options.get("max-size");
        long maxSize = maxSizeText == null ? DEFAULT_MAX_SIZE
                : size(maxSizeText, "invalid value for max-size: " + maxSizeText + ": ");
        String maxFileText = options.get("max-file");
        int maxFile = maxFileText == null ? DEFAULT_MAX_FILE
                : atoi(maxFileText, "invalid value for max-file: " + maxFileText + ": ");
        boolean compress = !options.containsKey("compress")
                || parseBool(options.get("compress"), "error reading compress log option: ");
        if (maxFile < 0) {
            throw new InvalidArgumentException(INIT + "max file count cannot be less than 0");
        }
        if (compress && maxFile <= 1) {
            throw new InvalidArgumentException(INIT + "compression cannot be enabled when max file count is 1");
        }
        return new LogSettings(LogDriver.LOCAL, maxSize, Math.max(1, maxFile), compress);
    }

    /** Podman's driver: conmon's own file, emptied when it reaches {@code max-size} (100 MiB unless set). */
    private static LogSettings k8sFile(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!K8S_FILE_OPTS.contains(key)) {
                throw new InvalidArgumentException("unknown log opt '" + key + "' for k8s-file log driver");
            }
        }
        long maxSize = options.containsKey("max-size") ? size(options.get("max-size"), "")
                : DEFAULT_MAX_SIZE * DEFAULT_MAX_FILE;
        if (maxSize <= 0) {
            throw new InvalidArgumentException(INIT + "max-size must be a positive number");
        }
        return new LogSettings(LogDriver.K8S_FILE, maxSize, 1, false);
    }

    private static long size(String text, String prefix) {
        try {
            return HumanSize.fromHumanSize(text);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException(INIT + prefix + e.getMessage());
        }
    }

    private static int atoi(String text, String prefix) {
        try {
            return Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(INIT + prefix + "strconv.Atoi: parsing \"" + text
                    + "\": invalid syntax");
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    private static boolean parseBool(String text, String prefix) {
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new InvalidArgumentException(INIT + prefix + "strconv.ParseBool: parsing \"" + text
                    + "\": invalid syntax");
        };
    }

    /** Whether Berth writes the log itself (from conmon's spool) in one of Docker's formats. */
    public boolean rotatedByBerth() {
        return driver == LogDriver.JSON_FILE || driver == LogDriver.LOCAL;
    }
}
