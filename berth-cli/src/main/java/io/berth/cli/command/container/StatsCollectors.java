package io.berth.cli.command.container;

import io.berth.api.model.StatsOptions;
import io.berth.client.ContainersClient;
import io.berth.common.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One stats stream per container, each read by its own virtual thread into the latest
 * {@link StatsEntry}; the table is drawn from {@link #entries()}. A row that has not been updated for
 * a while, whose stream failed or ended, prints as invalid ({@code --}), as in the docker CLI.
 *
 * <p>The map of collectors is guarded by {@code this}; it is never held while reading a stream.
 */
final class StatsCollectors implements AutoCloseable {
    /** How long a row may go without a document before it is shown as invalid. */
    static final Duration STALE = Duration.ofSeconds(3);

    private final ContainersClient client;
    private final boolean stream;
    private final Map<String, Collector> collectors = new LinkedHashMap<>();

    StatsCollectors(ContainersClient client, boolean stream) {
        this.client = client;
        this.stream = stream;
    }

    /** Starts collecting for each of {@code refs} not yet collected, in order. */
    synchronized void add(Collection<String> refs) {
        for (String ref : refs) {
            collectors.computeIfAbsent(ref, Collector::new);
        }
    }

    /** Collects exactly {@code refs}: adds the new ones, stops and drops the others. */
    void keep(Collection<String> refs) {
        var dropped = new ArrayList<Collector>();
        synchronized (this) {
            collectors.values().removeIf(c -> {
                boolean drop = !refs.contains(c.ref);
                if (drop) {
                    dropped.add(c);
                }
                return drop;
            });
        }
        dropped.forEach(Collector::stop);
        add(refs);
    }

    /** Waits until every collector has had its first document (or failed), at most {@code timeout}. */
    void awaitFirst(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Collector c : snapshot()) {
            c.first.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** The rows, in the order the containers were added. */
    List<StatsEntry> entries() {
        long now = System.nanoTime();
        return snapshot().stream().map(c -> c.entry(now)).toList();
    }

    /** The errors of the streams that failed (an unknown container, say). */
    List<BerthException> errors() {
        return snapshot().stream().map(c -> c.error).filter(e -> e != null).toList();
    }

    private synchronized List<Collector> snapshot() {
        return List.copyOf(collectors.values());
    }

    @Override
    public void close() {
        snapshot().forEach(Collector::stop);
    }

    /** The reader of one container's stream. */
    private final class Collector {
        private final String ref;
        private final CountDownLatch first = new CountDownLatch(1);
        private volatile StatsEntry entry;
        private volatile long updated = System.nanoTime();
        private volatile BerthException error;
        private volatile boolean ended;
        private volatile boolean stopped;
        private volatile ContainersClient.StatsStream open;

        Collector(String ref) {
            this.ref = ref;
            this.entry = StatsEntry.pending(ref);
            Thread.ofVirtual().name("stats-" + ref).start(this::run);
        }

        private void run() {
            try (var documents = client.stats(ref, stream ? StatsOptions.STREAM : StatsOptions.ONCE)) {
                open = documents;
                if (stopped) {
                    return;
                }
                while (true) {
                    var doc = documents.next();
                    if (doc.isEmpty()) {
                        break;
                    }
                    entry = StatsEntry.of(ref, doc.get());
                    updated = System.nanoTime();
                    first.countDown();
                    if (!stream) {
                        return;
                    }
                }
                ended = true;
            } catch (BerthException e) {
                if (!stopped) {
                    error = e;
                }
            } finally {
                first.countDown();
            }
        }

        StatsEntry entry(long now) {
            boolean waiting = first.getCount() > 0;
            boolean stale = (waiting || stream) && now - updated > STALE.toNanos();
            return error != null || ended || stale ? entry.invalidated() : entry;
        }

        void stop() {
            stopped = true;
            var documents = open;
            if (documents != null) {
                documents.close();
            }
        }
    }
}
