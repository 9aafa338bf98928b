package io.berth.engine.container;

import io.berth.api.model.Health;
import io.berth.api.model.HealthConfig;
import io.berth.api.model.HealthcheckResult;
import io.berth.common.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A container's health check, as moby's daemon/health.go runs it: the probe every interval (every
 * start interval while the start period lasts and no probe has passed yet), each run given its
 * timeout; a pass makes it {@code healthy}, {@code retries} failures in a row (not counted during
 * the start period while still {@code starting}) make it {@code unhealthy}. The last five runs are
 * kept. One virtual thread per running container probes; {@link #stop} ends it (a probe under way
 * finishes, its result is dropped).
 *
 * <p>The state is kept across the container's runs (each start sets it back to {@code starting},
 * keeping the log) and in memory only: a restarted berthd starts from {@code starting}, as dockerd.
 */
public final class HealthMonitor {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    static final int DEFAULT_RETRIES = 3;
    static final int MAX_LOG_ENTRIES = 5;
    public static final int MAX_OUTPUT = 4096;

    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";

    /** Runs one probe: the command (shell already applied) in the container, within the timeout. */
    @FunctionalInterface
    public interface Prober {
        Result probe(Container container, List<String> command, Duration timeout) throws InterruptedException;
    }

    /** One probe's outcome: the exit code (-1 when it timed out or could not run) and its output (at most 4 KiB). */
    public record Result(int exitCode, String output) {}

    private String status = STARTING;
    private int failingStreak;
    private final ArrayDeque<HealthcheckResult> log = new ArrayDeque<>();
    private Run current;

    /** The probe command of a container's healthcheck, or empty when it has none ({@code NONE}, no test). */
    static Optional<List<String>> command(Container c) {
        HealthConfig config = c.config().healthcheck();
        if (config == null || config.test() == null || config.test().isEmpty()) {
            return Optional.empty();
        }
        List<String> test = config.test();
        return switch (test.getFirst()) {
            case "CMD" -> test.size() > 1 ? Optional.of(List.copyOf(test.subList(1, test.size()))) : Optional.empty();
            case "CMD-SHELL" -> {
                if (test.size() < 2) {
                    yield Optional.empty();
                }
                var argv = new ArrayList<String>(c.config().shell() == null || c.config().shell().isEmpty()
                        ? List.of("/bin/sh", "-c") : c.config().shell());
                argv.addAll(test.subList(1, test.size()));
                yield Optional.of(argv);
            }
            default -> Optional.empty(); // NONE, or a kind Docker does not know either
        };
    }

    /** A new run of the container: status {@code starting}, streak zero, probing from now. */
    synchronized void start(Container c, Prober prober, Consumer<String> onStatusChange) {
        stop();
        status = STARTING;
        failingStreak = 0;
        var command = command(c);
        if (command.isEmpty()) {
            return;
        }
        Instant startedAt = c.runState() instanceof RunState.Running r ? Instant.parse(r.startedAt()) : Instant.now();
        current = new Run(c, command.get(), prober, startedAt, onStatusChange);
        Thread.ofVirtual().name("health-" + c.shortId()).start(current);
    }

    /** Resumes probing (after an unpause) without touching the status. */
    synchronized void resume(Container c, Prober prober, Consumer<String> onStatusChange) {
        stop();
        var command = command(c);
        if (command.isEmpty()) {
            return;
        }
        Instant startedAt = c.runState() instanceof RunState.Running r ? Instant.parse(r.startedAt()) : Instant.now();
        current = new Run(c, command.get(), prober, startedAt, onStatusChange);
        Thread.ofVirtual().name("health-" + c.shortId()).start(current);
    }

    synchronized void stop() {
        if (current != null) {
            current.stop();
            current = null;
        }
    }

    /** {@code State.Health} for inspect. */
    synchronized Health view() {
        return Health.builder().status(status).failingStreak((long) failingStreak).log(List.copyOf(log)).build();
    }

    synchronized String status() {
        return status;
    }

    /** Records one result; returns the new status if it changed. */
    private synchronized Optional<String> record(Run run, Instant start, Result result, Instant end) {
        if (current != run) {
            return Optional.empty(); // stopped while the probe ran
        }
        if (log.size() >= MAX_LOG_ENTRIES) {
            log.removeFirst();
        }
        log.addLast(HealthcheckResult.builder().start(Timestamps.rfc3339Nano(start)).end(Timestamps.rfc3339Nano(end))
                .exitCode((long) result.exitCode()).output(result.output()).build());
        String old = status;
        if (result.exitCode() == 0) {
            failingStreak = 0;
            status = HEALTHY;
        } else {
            boolean counts = true;
            if (status.equals(STARTING)) {
                Duration sinceStart = Duration.between(run.startedAt, start);
                counts = sinceStart.compareTo(run.startPeriod) >= 0;
            }
            if (counts) {
                failingStreak++;
                if (failingStreak >= run.retries) {
                    status = UNHEALTHY;
                }
            }
        }
        return old.equals(status) ? Optional.empty() : Optional.of(status);
    }

    /** One run of the container: the probe loop. */
    private final class Run implements Runnable {
        private final Container container;
        private final List<String> command;
        private final Prober prober;
        private final Instant startedAt;
        private final Consumer<String> onStatusChange;
        private final Duration interval;
        private final Duration timeout;
        private final Duration startPeriod;
        private final Duration startInterval;
        private final int retries;
        private boolean stopped;

        Run(Container container, List<String> command, Prober prober, Instant startedAt,
            Consumer<String> onStatusChange) {
            this.container = container;
            this.command = command;
            this.prober = prober;
            this.startedAt = startedAt;
            this.onStatusChange = onStatusChange;
            HealthConfig config = container.config().healthcheck();
            this.interval = nanos(config.interval(), DEFAULT_INTERVAL);
            this.timeout = nanos(config.timeout(), DEFAULT_TIMEOUT);
            this.startPeriod = nanos(config.startPeriod(), Duration.ZERO);
            this.startInterval = nanos(config.startInterval(), DEFAULT_START_INTERVAL);
            this.retries = config.retries() == null || config.retries() <= 0 ? DEFAULT_RETRIES : config.retries().intValue();
        }

        synchronized void stop() {
            stopped = true;
            notifyAll();
        }

        /** moby's getInterval: the start interval while starting within the start period; the period's end if sooner. */
        private Duration nextInterval() {
            Duration elapsed = Duration.between(startedAt, Instant.now());
            if (elapsed.compareTo(startPeriod) >= 0) {
                return interval;
            }
            Duration remaining = startPeriod.minus(elapsed);
            if (remaining.compareTo(interval) < 0) {
                return remaining;
            }
            return status().equals(STARTING) ? startInterval : interval;
        }

        /** Sleeps; false once stopped. */
        private synchronized boolean pause(Duration d) throws InterruptedException {
            long deadline = System.nanoTime() + d.toNanos();
            while (!stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return false;
        }

        @Override
        public void run() {
            try {
                while (pause(nextInterval())) {
                    Instant start = Instant.now();
                    Result result;
                    try {
                        result = prober.probe(container, command, timeout);
                    } catch (RuntimeException e) {
                        result = new Result(-1, e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                    Optional<String> changed = record(this, start, result, Instant.now());
                    changed.ifPresent(onStatusChange);
                }
            } catch (InterruptedException e) {
                // berthd is going away
            }
        }
    }

    private static Duration nanos(Long value, Duration fallback) {
        return value == null || value == 0 ? fallback : Duration.ofNanos(value);
    }

    /** Go's time.Duration String for whole milliseconds and more: {@code 30s}, {@code 1m0s}, {@code 500ms}, {@code 1.5s}. */
    public static String goDuration(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000 == 0) {
                return nanos / 1_000_000 + "ms";
            }
            if (nanos % 1_000 == 0) {
                return trim(nanos / 1_000.0) + "µs";
            }
            return nanos + "ns";
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        double seconds = (nanos % 60_000_000_000L) / 1e9;
        var out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(trim(seconds)).append('s');
        return out.toString();
    }

    private static String trim(double value) {
        var text = new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        return text;
    }
}
