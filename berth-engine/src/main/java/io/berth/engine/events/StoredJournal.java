package io.berth.engine.events;

import io.berth.api.model.Event;
import io.berth.common.BerthException;
import io.berth.common.Json;
import io.berth.store.state.EventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventJournal} in {@code state.db}'s events ring: each event as the JSON {@code GET /events} sends. */
public final class StoredJournal implements EventJournal {
    private static final System.Logger LOG = System.getLogger(StoredJournal.class.getName());

    private final EventLog log;

    public StoredJournal(EventLog log) {
        this.log = log;
    }

    @Override
    public long append(Event event) {
        return log.append(event.timeNano(), Json.write(event));
    }

    @Override
    public long lastSeq() {
        return log.lastSeq();
    }

    @Override
    public List<Event> read(Instant since, Instant until, long maxSeq) {
        var events = new ArrayList<Event>();
        for (EventLog.Entry entry : log.range(nanos(since), nanos(until), maxSeq)) {
            try {
                events.add(Json.read(entry.body(), Event.class));
            } catch (BerthException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping an unreadable stored event seq={0}: {1}", entry.seq(),
                        e.getMessage());
            }
        }
        return events;
    }

    /** Unix nanoseconds, clamped to what a long holds (an {@code until} far in the future reads as "no limit"). */
    static long nanos(Instant at) {
        try {
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        } catch (ArithmeticException e) {
            return at.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
