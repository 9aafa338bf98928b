package io.berth.engine.events;

import io.berth.api.model.Event;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** An {@link EventJournal} in memory: the newest {@code keep} events, lost when the process ends. */
public final class MemoryJournal implements EventJournal {
    private record Kept(long seq, Event event) {}

    private final int keep;
    private final Deque<Kept> ring = new ArrayDeque<>(); // guarded by this
    private long lastSeq; // guarded by this

    public MemoryJournal(int keep) {
        this.keep = keep;
    }

    @Override
    public synchronized long append(Event event) {
        ring.addLast(new Kept(++lastSeq, event));
        if (ring.size() > keep) {
            ring.removeFirst();
        }
        return lastSeq;
    }

    @Override
    public synchronized long lastSeq() {
        return lastSeq;
    }

    @Override
    public synchronized List<Event> read(Instant since, Instant until, long maxSeq) {
        var out = new ArrayList<Event>();
        for (Kept kept : ring) {
            Instant at = kept.event().instant();
            if (kept.seq() <= maxSeq && !at.isBefore(since) && !at.isAfter(until)) {
                out.add(kept.event());
            }
        }
        return out;
    }
}
