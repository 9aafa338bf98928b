package io.berth.engine.container;

import io.berth.api.model.RestartPolicy;
import io.berth.common.InvalidArgumentException;
import java.time.Duration;
import java.util.Optional;

/**
 * Docker's restart policies for one container ({@code no}, {@code always}, {@code on-failure[:N]},
 * {@code unless-stopped}) and its back-off: the first restart waits 100 ms, each further one twice
 * as long, up to a minute; a run of ten seconds or more starts again from 100 ms (moby's
 * restartmanager). A cancelled manager restarts nothing until it is reset by a start.
 */
final class RestartManager {
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    private Duration delay = Duration.ZERO;
    private boolean canceled;

    /**
     * Whether the container runs again after its process ended, and after how long. Each call
     * moves the back-off on, as Docker's does.
     *
     * @param restartCount the restarts so far (counted against on-failure's maximum)
     */
    synchronized Optional<Duration> shouldRestart(RestartPolicy policy, int exitCode, boolean manuallyStopped,
                                                  Duration ran, int restartCount) {
        if (isNone(policy) || canceled) {
            return Optional.empty();
        }
        if (ran.compareTo(RESET_AFTER) >= 0) {
            delay = Duration.ZERO;
        }
        delay = delay.isZero() ? FIRST_DELAY : delay.multipliedBy(2);
        if (delay.compareTo(MAX_DELAY) > 0) {
            delay = MAX_DELAY;
        }
        boolean restart = switch (policy.name()) {
            case "always" -> true;
            case "unless-stopped" -> !manuallyStopped;
            case "on-failure" -> {
                long max = policy.maximumRetryCount() == null ? 0 : policy.maximumRetryCount();
                yield exitCode != 0 && (max == 0 || restartCount < max);
            }
            default -> false;
        };
        return restart ? Optional.of(delay) : Optional.empty();
    }

    /** A stop or kill: the process's end must not start it again. */
    synchronized void cancel() {
        canceled = true;
    }

    /** A new start (by a user, or at berthd's start): restarts allowed again, back-off from the beginning. */
    synchronized void reset() {
        canceled = false;
        delay = Duration.ZERO;
    }

    static boolean isNone(RestartPolicy policy) {
        return policy == null || policy.name() == null || policy.name().isEmpty() || policy.name().equals("no");
    }

    /** moby's checks of a restart policy in a create or update request, with its messages. */
    static void validate(RestartPolicy policy, boolean autoRemove) {
        if (policy == null) {
            return;
        }
        long max = policy.maximumRetryCount() == null ? 0 : policy.maximumRetryCount();
        String name = policy.name() == null ? "" : policy.name();
        switch (name) {
            case "always", "unless-stopped", "no" -> {
                if (max != 0) {
                    throw new InvalidArgumentException("invalid restart policy: maximum retry count can only be used "
                            + "with 'on-failure'" + (max < 0 ? " and cannot be negative" : ""));
                }
            }
            case "on-failure" -> {
                if (max < 0) {
                    throw new InvalidArgumentException("invalid restart policy: maximum retry count cannot be negative");
                }
            }
            case "" -> { }
            default -> throw new InvalidArgumentException("invalid restart policy: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
        if (autoRemove && !isNone(policy)) {
            throw new InvalidArgumentException("can't create 'AutoRemove' container with restart policy");
        }
    }
}
