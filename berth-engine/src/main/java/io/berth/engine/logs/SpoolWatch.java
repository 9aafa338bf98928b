package io.berth.engine.logs;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes pumps when conmon writes to their spools: one inotify watch (the JDK's WatchService) over
 * the bundle directories of the containers being pumped, one thread for all of them.
 */
final class SpoolWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SpoolWatch.class.getName());

    private final WatchService watch;
    private final Map<WatchKey, Runnable> listeners = new ConcurrentHashMap<>();

    SpoolWatch() {
        try {
            watch = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new io.berth.common.InternalException("creating an inotify watch", e);
        }
        Thread.ofPlatform().daemon().name("log-spool-watch").start(this::loop);
    }

    /** Calls {@code wake} whenever something in {@code dir} is created or written; returns the key to cancel. */
    WatchKey register(Path dir, Runnable wake) {
        try {
            WatchKey key = dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            listeners.put(key, wake);
            return key;
        } catch (IOException e) {
            throw new io.berth.common.InternalException("watching " + dir, e);
        }
    }

    /** How many directories are watched (for tests). */
    int watched() {
        return listeners.size();
    }

    void cancel(WatchKey key) {
        listeners.remove(key);
        key.cancel();
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = watch.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            key.pollEvents();
            Runnable wake = listeners.get(key);
            if (wake != null) {
                try {
                    wake.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "waking a log pump: {0}", e.toString());
                }
            }
            key.reset();
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
