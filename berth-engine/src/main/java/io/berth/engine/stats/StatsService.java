package io.berth.engine.stats;

import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ContainerStatsResponse;
import io.berth.common.NotFoundException;
import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import io.berth.runtime.cgroups.Cgroups;
import io.berth.runtime.cgroups.HostStats;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /containers/{id}/stats}, as Docker answers it: a stream of one document a second, each
 * with the previous one's CPU figures as {@code precpu_stats}; or a single document, taken a second
 * after a first sample so that {@code precpu_stats} is filled, or at once ({@code one-shot}, or a
 * container that is not running).
 */
public final class StatsService {
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Function<String, Container> containers;
    private final Supplier<List<Container>> all;
    private final Sampler sampler;
    private final Duration interval;

    public StatsService(ContainerService containers, Cgroups cgroups, HostStats host) {
        this(containers::get, () -> everyContainer(containers), new Sampler(cgroups, host, Clock.systemUTC()),
                INTERVAL);
    }

    /** {@code containers} resolves a reference or throws {@link NotFoundException}; {@code all} lists every container. */
    StatsService(Function<String, Container> containers, Supplier<List<Container>> all, Sampler sampler,
                 Duration interval) {
        this.containers = containers;
        this.all = all;
        this.sampler = sampler;
        this.interval = interval;
    }

    /** Every container's state and one sample of each running one, for the metrics endpoint. */
    public record Snapshot(List<ContainerStatsResponse> running, int runningCount, int pausedCount, int stoppedCount) {
        public Snapshot {
            running = List.copyOf(running);
        }
    }

    /** A one-shot document for each running container, and how many containers are in which state. */
    public Snapshot snapshot() {
        var docs = new ArrayList<ContainerStatsResponse>();
        int running = 0;
        int paused = 0;
        int stopped = 0;
        for (Container c : all.get()) {
            switch (c.runState()) {
                case io.berth.engine.container.RunState.Running _ -> running++;
                case io.berth.engine.container.RunState.Paused _ -> paused++;
                default -> stopped++;
            }
            if (c.runState().isRunning()) {
                var doc = document(c, StatsViews.Previous.NONE);
                if (!doc.read().equals(StatsViews.ZERO_TIME)) {
                    docs.add(doc);
                }
            }
        }
        return new Snapshot(docs, running, paused, stopped);
    }

    private static List<Container> everyContainer(ContainerService containers) {
        var list = new ArrayList<Container>();
        for (var summary : containers.list(new ContainerListOptions(true, OptionalInt.empty(), false, Map.of()))) {
            try {
                list.add(containers.get(summary.id()));
            } catch (NotFoundException e) {
                // removed meanwhile
            }
        }
        return list;
    }

    /** Receives the documents of a stream; an {@link IOException} (the client went away) ends it. */
    @FunctionalInterface
    public interface Sink {
        void accept(ContainerStatsResponse document) throws IOException;
    }

    /**
     * {@code stream=false}: two samples an interval apart, the second reported with the first's CPU
     * figures; with {@code oneShot}, or for a container that is not running, one sample at once.
     */
    public ContainerStatsResponse once(String ref, boolean oneShot) throws InterruptedException {
        Container c = containers.apply(ref);
        var first = document(c, StatsViews.Previous.NONE);
        if (oneShot || !c.runState().isRunning()) {
            return first;
        }
        Thread.sleep(interval);
        return document(refresh(c).orElse(c), StatsViews.Previous.of(first));
    }

    /** {@code stream=true}: resolves the container now (so a bad name fails before any byte is sent). */
    public Stream stream(String ref) {
        return new Stream(containers.apply(ref));
    }

    /** A stream of documents for one container, until the client goes away or the container is removed. */
    public final class Stream {
        private final Container container;

        private Stream(Container container) {
            this.container = container;
        }

        public String containerId() {
            return container.id();
        }

        public void forEach(Sink sink) throws IOException, InterruptedException {
            Container c = container;
            var previous = StatsViews.Previous.NONE;
            long start = System.nanoTime();
            for (long tick = 1; ; tick++) {
                var doc = document(c, previous);
                sink.accept(doc);
                previous = StatsViews.Previous.of(doc);
                long wait = start + tick * interval.toNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                var now = refresh(c);
                if (now.isEmpty()) {
                    return;
                }
                c = now.get();
            }
        }
    }

    private ContainerStatsResponse document(Container c, StatsViews.Previous previous) {
        return StatsViews.document(c, sampler.sample(c), previous);
    }

    /** The container's current record, or empty once it has been removed. */
    private Optional<Container> refresh(Container c) {
        try {
            return Optional.of(containers.apply(c.id()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
