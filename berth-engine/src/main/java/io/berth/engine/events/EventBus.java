package io.berth.engine.events;

import io.berth.api.model.Event;
import io.berth.api.model.EventsOptions;
import io.berth.common.InvalidArgumentException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes Docker event messages: each is numbered and kept in the {@link EventJournal} (in
 * {@code state.db} for berthd, so {@code since} reaches back across restarts), then handed to the
 * open {@link EventStream}s whose filter it matches.
 *
 * <p>Lock rule: {@code lock} is held while an event is stamped, appended to the journal (one short
 * SQLite write) and offered to the streams (a non-blocking queue offer each), so sequence, time and
 * delivery order agree, and while a stream registers and reads the newest sequence number. A stream
 * therefore replays exactly the journal's events up to that number and receives live exactly those
 * after it: none lost, none twice. Never held across anything that waits; taken before the state
 * store's lock (callers may hold a container's lock: container → event bus → state store).
 */
public final class EventBus {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());
    /** What berthd kept in memory before events went to {@code state.db}; the default for tests and tools. */
    private static final int MEMORY_KEEP = 1024;

    private final EventJournal journal;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<EventStream> streams = new CopyOnWriteArrayList<>();
    private long lastSeq; // guarded by lock

    /** A bus that keeps the newest 1024 events in memory. */
    public EventBus() {
        this(new MemoryJournal(MEMORY_KEEP));
    }

    public EventBus(EventJournal journal) {
        this.journal = journal;
        this.lastSeq = journal.lastSeq();
    }

    public void publish(String type, String action, String id, Map<String, String> attributes) {
        lock.lock();
        try {
            Event event = Event.of(type, action, id, attributes, Instant.now());
            try {
                lastSeq = journal.append(event);
            } catch (RuntimeException e) {
                // the event happened: subscribers still hear of it; only a later `since` will miss it
                LOG.log(System.Logger.Level.WARNING, "event not kept type={0} action={1} id={2}: {3}", type, action,
                        id, e.getMessage());
            }
            for (EventStream stream : streams) {
                stream.offer(event);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens a stream for {@code GET /events}: checks the filters and the window, registers for new
     * events (unless {@code until} has passed), then reads the kept events of the window, so that
     * together they miss nothing and repeat nothing. Close the stream when done.
     */
    public EventStream open(EventsOptions options) {
        EventFilter filter = check(options);
        var since = options.since();
        var until = options.until();
        boolean onlyPast = until.isPresent() && until.get().isBefore(Instant.now());
        var stream = new EventStream(filter, until, this::close);
        long replayUpTo;
        lock.lock();
        try {
            replayUpTo = lastSeq;
            if (!onlyPast) {
                streams.add(stream);
            }
        } finally {
            lock.unlock();
        }
        if (since.isEmpty() && until.isEmpty()) {
            return stream;
        }
        try {
            List<Event> kept = journal.read(since.orElse(Instant.EPOCH), until.orElse(Instant.MAX), replayUpTo);
            stream.replay(kept.stream().filter(filter::matches).toList(), onlyPast);
            return stream;
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /**
     * Checks the filters and the window as {@link #open} does, for callers that must answer a bad
     * request before they may open (the daemon, before its first byte).
     */
    public EventFilter check(EventsOptions options) {
        EventFilter filter = EventFilter.parse(options.filters());
        var since = options.since();
        var until = options.until();
        if (since.isPresent() && until.isPresent() && until.get().isBefore(since.get())) {
            throw new InvalidArgumentException("`since` time (" + since.get() + ") cannot be after `until` time ("
                    + until.get() + ")");
        }
        return filter;
    }

    private void close(EventStream stream) {
        streams.remove(stream);
    }

    /** How many streams are open (for tests and {@code /info}). */
    public int subscriberCount() {
        return streams.size();
    }
}
