package io.berth.daemon.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventRoutesTest {
    @Test
    void timesAreUnixSecondsWithAnOptionalFraction() {
        assertThat(EventRoutes.time(Optional.of("1795895478"), "since"))
                .contains(Instant.ofEpochSecond(1_795_895_478));
        assertThat(EventRoutes.time(Optional.of("1795895478.482021392"), "since"))
                .contains(Instant.ofEpochSecond(1_795_895_478, 482_021_392));
        assertThat(EventRoutes.time(Optional.of("1795895478.5"), "since"))
                .contains(Instant.ofEpochSecond(1_795_895_478, 500_000_000));
        assertThat(EventRoutes.time(Optional.of("0"), "since")).contains(Instant.EPOCH);
    }

    @Test
    void timesMayBeRfc3339() {
        assertThat(EventRoutes.time(Optional.of("2026-11-28T19:51:20.123456789Z"), "until"))
                .contains(Instant.parse("2026-11-28T19:51:20.123456789Z"));
        assertThat(EventRoutes.time(Optional.of("2026-11-28T20:51:20+01:00"), "until"))
                .contains(Instant.parse("2026-11-28T19:51:20Z"));
    }

    @Test
    void anEmptyTimeIsNoTime() {
        assertThat(EventRoutes.time(Optional.of(""), "since")).isEmpty();
        assertThat(EventRoutes.time(Optional.empty(), "since")).isEmpty();
    }

    @Test
    void anythingElseIsABadParameter() {
        assertThatThrownBy(() -> EventRoutes.time(Optional.of("yesterday"), "since"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid value for since: yesterday");
    }
}
