package io.berth.engine.events;

import io.berth.api.model.EventActor;
import io.berth.api.model.EventMessage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Publishes Docker event messages to subscribers and keeps the last ones for {@code since}
 * queries. Publishing never blocks on a subscriber: each gets the message on the publishing
 * thread and must hand it off quickly.
 */
public final class EventBus {
    private static final int KEEP = 1024;

    private final List<Consumer<EventMessage>> subscribers = new CopyOnWriteArrayList<>();
    private final Deque<EventMessage> recent = new ArrayDeque<>();

    public void publish(String type, String action, String id, Map<String, String> attributes) {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        var message = EventMessage.builder()
                .type(type)
                .action(action)
                .actor(EventActor.builder().id(id).attributes(Map.copyOf(attributes)).build())
                .scope("local")
                .time(now.getEpochSecond())
                .timeNano(nanos)
                .build();
        synchronized (recent) {
            recent.addLast(message);
            if (recent.size() > KEEP) {
                recent.removeFirst();
            }
        }
        for (var subscriber : subscribers) {
            subscriber.accept(message);
        }
    }

    /** Subscribes; returns the messages published so far (oldest first) so the caller can replay {@code since}. */
    public List<EventMessage> subscribe(Consumer<EventMessage> subscriber) {
        synchronized (recent) {
            subscribers.add(subscriber);
            return new ArrayList<>(recent);
        }
    }

    public void unsubscribe(Consumer<EventMessage> subscriber) {
        subscribers.remove(subscriber);
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
