package io.berth.api.model;

import java.time.Duration;
import java.util.Optional;

/** {@code POST /containers/{id}/stop?t=&signal=} and {@code /restart}. */
public record StopOptions(Optional<Duration> timeout, Optional<String> signal) {
    public static StopOptions defaults() {
        return new StopOptions(Optional.empty(), Optional.empty());
    }
}
