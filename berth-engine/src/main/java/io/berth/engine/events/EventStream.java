package io.berth.engine.events;

import io.berth.api.model.Event;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One reader of events, from {@link EventBus#open}: the kept events of its window, then the new
 * ones that match its filter, until its {@code until} (or, without one, until the reader's thread
 * is interrupted, as the daemon does when the client goes away).
 */
public final class EventStream implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventStream.class.getName());
    /** New events waiting for a slow reader; beyond this they are dropped, as Docker drops them. */
    static final int BACKLOG = 4096;

    /** Where a stream's events go, one at a time (the daemon writes a JSON line and flushes). */
    @FunctionalInterface
    public interface Sink {
        void accept(Event event) throws IOException;
    }

    private final EventFilter filter;
    private final Optional<Instant> until;
    private final Consumer<EventStream> onClose;
    private final BlockingQueue<Event> live = new ArrayBlockingQueue<>(BACKLOG);
    private volatile List<Event> replay = List.of();
    private volatile boolean onlyPast;
    private int dropped; // only the publisher (under the bus lock) touches it

    EventStream(EventFilter filter, Optional<Instant> until, Consumer<EventStream> onClose) {
        this.filter = filter;
        this.until = until;
        this.onClose = onClose;
    }

    void replay(List<Event> events, boolean nothingNew) {
        this.replay = List.copyOf(events);
        this.onlyPast = nothingNew;
    }

    /** Called by the bus, under its lock, for every event published while the stream is open. */
    void offer(Event event) {
        if (!filter.matches(event)) {
            return;
        }
        if (!live.offer(event) && dropped++ == 0) {
            LOG.log(System.Logger.Level.WARNING, "an events reader is too slow: dropping events");
        }
    }

    /**
     * Hands the kept events to {@code sink}, then the new ones as they come; returns at
     * {@code until}, or at once after the kept events when {@code until} had passed when the stream
     * opened. Without {@code until} it ends only by interruption ({@link InterruptedException}) or a
     * failing sink.
     */
    public void forEach(Sink sink) throws IOException, InterruptedException {
        for (Event event : replay) {
            sink.accept(event);
        }
        if (onlyPast) {
            return;
        }
        while (true) {
            Event next;
            if (until.isPresent()) {
                Duration left = Duration.between(Instant.now(), until.get());
                if (left.isNegative() || left.isZero()) {
                    return;
                }
                next = live.poll(left.toNanos(), TimeUnit.NANOSECONDS);
                if (next == null || next.instant().isAfter(until.get())) {
                    return;
                }
            } else {
                next = live.take();
            }
            sink.accept(next);
        }
    }

    /** Stops receiving new events. */
    @Override
    public void close() {
        onClose.accept(this);
    }
}
