package io.berth.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.Event;
import io.berth.api.model.EventsOptions;
import io.berth.common.InvalidArgumentException;
import io.berth.store.state.EventLog;
import io.berth.store.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventBusTest {
    @TempDir
    Path dir;

    @Test
    void sinceReplaysTheWindowThenUntilInThePastEnds() throws Exception {
        var bus = new EventBus();
        Instant before = Instant.now();
        bus.publish("container", "create", "a", Map.of("name", "one"));
        bus.publish("container", "start", "a", Map.of("name", "one"));
        Instant after = Instant.now();

        var got = read(bus, new EventsOptions(Optional.of(before), Optional.of(after), Map.of()));

        assertThat(got).extracting(Event::action).containsExactly("create", "start");
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void withoutSinceOrUntilNothingOldIsReplayed() throws Exception {
        var bus = new EventBus();
        bus.publish("container", "create", "a", Map.of());
        var got = Collections.synchronizedList(new ArrayList<Event>());

        try (var stream = bus.open(EventsOptions.follow())) {
            var reader = Thread.ofVirtual().start(() -> forEach(stream, got));
            bus.publish("container", "start", "a", Map.of());
            waitFor(() -> got.size() == 1);
            reader.interrupt();
            reader.join();
        }

        assertThat(got).extracting(Event::action).containsExactly("start");
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void aFutureUntilEndsTheStreamAtThatTime() throws Exception {
        var bus = new EventBus();
        Instant until = Instant.now().plusMillis(300);
        var got = new ArrayList<Event>();

        try (var stream = bus.open(new EventsOptions(Optional.empty(), Optional.of(until), Map.of()))) {
            bus.publish("container", "start", "a", Map.of());
            stream.forEach(got::add);
        }

        assertThat(Instant.now()).isAfterOrEqualTo(until);
        assertThat(got).extracting(Event::action).containsExactly("start");
    }

    @Test
    void filtersApplyToReplayedAndLiveEvents() throws Exception {
        var bus = new EventBus();
        Instant since = Instant.now();
        bus.publish("container", "start", "a", Map.of("name", "web"));
        bus.publish("container", "start", "b", Map.of("name", "db"));
        var options = new EventsOptions(Optional.of(since), Optional.of(Instant.now().plusMillis(300)),
                Map.of("container", List.of("web")));
        var got = new ArrayList<Event>();

        try (var stream = bus.open(options)) {
            bus.publish("container", "die", "b", Map.of("name", "db"));
            bus.publish("container", "die", "a", Map.of("name", "web"));
            stream.forEach(got::add);
        }

        assertThat(got).extracting(e -> e.actor().id() + " " + e.action()).containsExactly("a start", "a die");
    }

    @Test
    void badFiltersAndBackwardWindowsAreRefusedBeforeAnything() {
        var bus = new EventBus();
        Instant now = Instant.now();

        assertThatThrownBy(() -> bus.open(new EventsOptions(Optional.empty(), Optional.empty(),
                Map.of("nope", List.of("x"))))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter 'nope'");
        assertThatThrownBy(() -> bus.open(new EventsOptions(Optional.of(now), Optional.of(now.minusSeconds(1)),
                Map.of()))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cannot be after");
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void eventsPublishedWhileAStreamOpensAreSeenExactlyOnce() throws Exception {
        var bus = new EventBus(new MemoryJournal(100_000));
        Instant since = Instant.now();
        int total = 2000;
        var started = new CountDownLatch(1);
        var publisher = Thread.ofPlatform().start(() -> {
            started.countDown();
            for (int i = 0; i < total; i++) {
                bus.publish("container", "start", Integer.toString(i), Map.of());
            }
        });
        started.await();
        var got = Collections.synchronizedList(new ArrayList<Event>());

        try (var stream = bus.open(new EventsOptions(Optional.of(since), Optional.empty(), Map.of()))) {
            var reader = Thread.ofVirtual().start(() -> forEach(stream, got));
            publisher.join();
            waitFor(() -> got.size() >= total);
            reader.interrupt();
            reader.join();
        }

        assertThat(got).extracting(e -> e.actor().id())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, total).mapToObj(Integer::toString)
                        .toList());
    }

    @Test
    void aStoredJournalAnswersSinceAfterARestart() throws Exception {
        Instant since = Instant.now();
        try (var store = StateStore.open(dir.resolve("state.db"))) {
            var bus = new EventBus(new StoredJournal(new EventLog(store, 100)));
            bus.publish("container", "create", "a", Map.of("name", "web", "image", "busybox"));
            bus.publish("container", "die", "a", Map.of("name", "web", "image", "busybox", "exitCode", "3"));
        }

        try (var store = StateStore.open(dir.resolve("state.db"))) {
            var bus = new EventBus(new StoredJournal(new EventLog(store, 100)));
            bus.publish("container", "destroy", "a", Map.of("name", "web", "image", "busybox"));
            var got = read(bus, new EventsOptions(Optional.of(since), Optional.of(Instant.now()), Map.of()));

            assertThat(got).extracting(Event::action).containsExactly("create", "die", "destroy");
            assertThat(got.get(1).attributes()).containsEntry("exitCode", "3");
            assertThat(got.get(1).from()).contains("busybox");
        }
    }

    private static List<Event> read(EventBus bus, EventsOptions options) throws Exception {
        var got = new ArrayList<Event>();
        try (var stream = bus.open(options)) {
            stream.forEach(got::add);
        }
        return got;
    }

    private static void forEach(EventStream stream, List<Event> into) {
        try {
            stream.forEach(into::add);
        } catch (InterruptedException e) {
            // the reader's way out
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
