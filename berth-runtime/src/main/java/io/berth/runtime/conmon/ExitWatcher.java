package io.berth.runtime.conmon;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Watches conmon's exit directory (inotify through the JDK's WatchService) and calls the listener
 * registered for a container once its exit file appears. A listener registered after the file
 * exists is called at once, so there is no window between "started" and "watching".
 */
public final class ExitWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ExitWatcher.class.getName());

    private final Path exitDir;
    private final WatchService watch;
    private final Map<String, IntConsumer> listeners = new ConcurrentHashMap<>();
    private final Thread thread;

    public ExitWatcher(Path exitDir) {
        this.exitDir = exitDir;
        try {
            Files.createDirectories(exitDir);
            this.watch = FileSystems.getDefault().newWatchService();
            exitDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            throw new io.berth.common.InternalException("watching " + exitDir, e);
        }
        this.thread = Thread.ofPlatform().daemon().name("exit-watcher").start(this::loop);
    }

    public Path exitFile(String containerId) {
        return exitDir.resolve(containerId);
    }

    /** The recorded exit code, if conmon has written it. */
    public OptionalInt exitCode(String containerId) {
        Path file = exitFile(containerId);
        try {
            String text = Files.readString(file).strip();
            if (text.isEmpty()) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(Integer.parseInt(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Calls {@code listener} once with the exit code, now if it is already known. */
    public void onExit(String containerId, IntConsumer listener) {
        listeners.put(containerId, listener);
        fireIfExited(containerId);
    }

    public void cancel(String containerId) {
        listeners.remove(containerId);
    }

    /** Forgets a container's exit file (before it is started again, or when it is removed). */
    public void clear(String containerId) {
        try {
            Files.deleteIfExists(exitFile(containerId));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "removing exit file id={0}: {1}", containerId, e.getMessage());
        }
    }

    private void fireIfExited(String containerId) {
        OptionalInt code = exitCode(containerId);
        if (code.isPresent()) {
            IntConsumer listener = listeners.remove(containerId);
            if (listener != null) {
                Thread.ofVirtual().name("exit-" + containerId.substring(0, Math.min(12, containerId.length())))
                        .start(() -> listener.accept(code.getAsInt()));
            }
        }
    }

    private void loop() {
        try {
            while (true) {
                var key = watch.take();
                boolean overflow = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflow = true;
                    } else if (event.context() instanceof Path name) {
                        fireIfExited(name.toString());
                    }
                }
                key.reset();
                if (overflow) {
                    listeners.keySet().forEach(this::fireIfExited);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        thread.interrupt();
    }
}
