package io.berth.engine.events;

import io.berth.api.model.Event;
import java.time.Instant;
import java.util.List;

/**
 * Where the {@link EventBus} keeps what it publishes, numbered, so that {@code since} and
 * {@code until} can be answered later: {@link StoredJournal} in {@code state.db} for berthd (it
 * outlives restarts), {@link MemoryJournal} for tests and tools.
 */
public interface EventJournal {
    /** Keeps {@code event}; returns its sequence number, greater than any returned before. */
    long append(Event event);

    /** The newest sequence number handed out (0 when nothing was ever kept). */
    long lastSeq();

    /** The kept events with {@code since <= time <= until} and a sequence number up to {@code maxSeq}, oldest first. */
    List<Event> read(Instant since, Instant until, long maxSeq);
}
