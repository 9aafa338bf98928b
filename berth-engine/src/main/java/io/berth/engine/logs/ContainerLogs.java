package io.berth.engine.logs;

import io.berth.api.model.HostConfig;
import io.berth.api.model.LogsOptions;
import io.berth.common.NotImplementedException;
import io.berth.runtime.conmon.ConmonLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Containers' logs: what conmon is told to write, the pumps that turn conmon's spool into the files
 * of the container's driver, and reading them back. See the package documentation for the design.
 */
public final class ContainerLogs implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ContainerLogs.class.getName());
    /**
     * conmon replaces its spool with an empty one when it would exceed the log's budget (max-size ×
     * max-file), or this if larger: the cap that holds while no daemon pumps.
     */
    static final long SPOOL_MIN_CAP = 16L * 1024 * 1024;
    private static final long PREVIOUS_RUN_WAIT_MILLIS = 30_000;

    private final Path containersDir;
    private final LogDefaults defaults;
    private final SpoolWatch watch = new SpoolWatch();
    private final Map<String, Logs> byId = new ConcurrentHashMap<>();

    /** One container's files and, while a run of it is being pumped, its pump. */
    private static final class Logs {
        final LogFileSet files;
        SpoolPump pump; // guarded by this
        WatchKey key; // guarded by this

        Logs(LogFileSet files) {
            this.files = files;
        }

        synchronized SpoolPump pump() {
            return pump;
        }
    }

    public ContainerLogs(Path containersDir, LogDefaults defaults) {
        this.containersDir = containersDir;
        this.defaults = defaults;
    }

    /** How many containers' spools are watched (for tests). */
    int watched() {
        return watch.watched();
    }

    /** The daemon's driver, for {@code /info}. */
    public String defaultDriver() {
        return defaults.driver();
    }

    /** A new container's LogConfig: merged with the daemon's defaults and validated (400 with Docker's message). */
    public HostConfig.LogConfig resolve(HostConfig.LogConfig requested) {
        return defaults.merge(requested);
    }

    /** Where a container's log is for {@code inspect}'s {@code LogPath}: Docker shows json-file's only, once started. */
    public String logPath(String id, HostConfig.LogConfig config, boolean started) {
        var settings = LogSettings.of(config);
        return switch (settings.driver()) {
            case JSON_FILE -> started || Files.exists(currentFile(id, settings)) ? currentFile(id, settings).toString() : "";
            case K8S_FILE -> spool(id).toString();
            case LOCAL, NONE -> "";
        };
    }

    /** The log files on disk, oldest first (json-file and local). */
    public List<Path> files(String id, HostConfig.LogConfig config) {
        var settings = LogSettings.of(config);
        return settings.rotatedByBerth() ? logs(id, settings).files.files() : List.of();
    }

    private Path dir(String id) {
        return containersDir.resolve(id);
    }

    private Path spool(String id) {
        return dir(id).resolve("ctr.log");
    }

    private Path currentFile(String id, LogSettings settings) {
        return switch (settings.driver()) {
            case JSON_FILE -> dir(id).resolve(id + "-json.log");
            case LOCAL -> dir(id).resolve("local-logs").resolve("container.log");
            case NONE, K8S_FILE -> spool(id);
        };
    }

    private Logs logs(String id, LogSettings settings) {
        return byId.computeIfAbsent(id, _ -> new Logs(new LogFileSet(currentFile(id, settings), settings)));
    }

    // --- runs ---------------------------------------------------------------------------------

    /**
     * Before conmon starts a run of the container: what conmon writes, and (for json-file and
     * local) a pump for it; a pump of the previous run finishes first, so two never share a spool.
     */
    public ConmonLog beforeStart(String id, HostConfig.LogConfig config) {
        var settings = LogSettings.of(config);
        return switch (settings.driver()) {
            case NONE -> new ConmonLog.None();
            case K8S_FILE -> new ConmonLog.K8sFile(spool(id), OptionalLong.of(settings.maxSize()));
            case JSON_FILE, LOCAL -> {
                var logs = logs(id, settings);
                startPump(id, logs);
                yield new ConmonLog.K8sFile(spool(id), OptionalLong.of(spoolCap(settings)));
            }
        };
    }

    static long spoolCap(LogSettings settings) {
        long budget = settings.maxSize() > Long.MAX_VALUE / Math.max(1, settings.maxFile()) ? Long.MAX_VALUE
                : settings.maxSize() * Math.max(1, settings.maxFile());
        return Math.max(budget, SPOOL_MIN_CAP);
    }

    private void startPump(String id, Logs logs) {
        synchronized (logs) {
            if (logs.pump != null) {
                logs.pump.runEnded();
                if (!logs.pump.awaitDone(PREVIOUS_RUN_WAIT_MILLIS)) {
                    LOG.log(System.Logger.Level.WARNING, "the log pump of the previous run of {0} did not finish", id);
                    logs.pump.stop();
                    logs.pump.awaitDone(PREVIOUS_RUN_WAIT_MILLIS);
                }
                stopWatching(logs);
            }
            var pump = new SpoolPump(spool(id), logs.files, () -> monitorAlive(id));
            logs.pump = pump;
            logs.key = watch.register(dir(id), pump::wake);
            pump.whenDone(() -> {
                synchronized (logs) {
                    if (logs.pump == pump) {
                        stopWatching(logs);
                    }
                }
            });
            pump.start();
        }
    }

    private void stopWatching(Logs logs) {
        if (logs.key != null) {
            watch.cancel(logs.key); // its listener goes too: every run registers a new key
            logs.key = null;
        }
    }

    /** The run ended (the container exited, or did not start): its pump finishes once conmon is gone. */
    public void runEnded(String id) {
        var logs = byId.get(id);
        if (logs != null) {
            var pump = logs.pump();
            if (pump != null) {
                pump.runEnded();
            }
        }
    }

    /**
     * At daemon start: a container's spool that was not pumped completely (it ran, or ran on, while
     * no daemon did) is pumped from where the last daemon stopped.
     */
    public void resume(String id, HostConfig.LogConfig config, boolean running) {
        var settings = LogSettings.of(config);
        if (!settings.rotatedByBerth() || !running && !Files.exists(spool(id))) {
            return;
        }
        var logs = logs(id, settings);
        startPump(id, logs);
        if (!running) {
            logs.pump().runEnded();
        }
    }

    /** The container is being removed: its pump stops, its files go with its directory. */
    public void forget(String id) {
        var logs = byId.remove(id);
        if (logs == null) {
            return;
        }
        synchronized (logs) {
            if (logs.pump != null) {
                logs.pump.stop();
                // the pump's end cancels its inotify watch (startPump's whenDone): a cancel waits for
                // the JDK's watch thread, about a millisecond nobody here needs to wait for
                logs.pump.awaitDone(PREVIOUS_RUN_WAIT_MILLIS);
            }
        }
        logs.files.awaitCompression();
    }

    private boolean monitorAlive(String id) {
        try {
            long pid = Long.parseLong(Files.readString(dir(id).resolve("conmon.pid")).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    // --- reading ------------------------------------------------------------------------------

    /**
     * A read of the container's log; 501 with Docker's message for a driver that cannot be read.
     * {@code running} says whether a k8s-file follower should wait for more.
     */
    public LogStream open(String id, HostConfig.LogConfig config, LogsOptions options, BooleanSupplier running) {
        var settings = LogSettings.of(config);
        return switch (settings.driver()) {
            case NONE -> throw new NotImplementedException("configured logging driver does not support reading");
            case K8S_FILE -> sink -> K8sFileReader.read(spool(id), options, sink, running);
            case JSON_FILE, LOCAL -> {
                var logs = logs(id, settings);
                yield sink -> {
                    var pump = logs.pump();
                    if (pump != null) {
                        pump.catchUp();
                    }
                    new LogFileReader(logs.files, options, sink).read();
                };
            }
        };
    }

    /** At daemon shutdown: pumps stop where they are (their positions are saved). */
    @Override
    public void close() {
        for (var logs : byId.values()) {
            var pump = logs.pump();
            if (pump != null) {
                pump.stop();
            }
        }
        for (var logs : byId.values()) {
            var pump = logs.pump();
            if (pump != null) {
                pump.awaitDone(5_000);
            }
        }
        watch.close();
    }
}
