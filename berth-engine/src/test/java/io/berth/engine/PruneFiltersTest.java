package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The prune endpoints' filters read as moby reads them. */
class PruneFiltersTest {
    private static final Set<String> ACCEPTED = Set.of("until", "label", "label!", "dangling");

    @Test
    void unknownFiltersAndSeveralUntilsAreRefused() {
        assertThatThrownBy(() -> PruneFilters.parse(Map.of("colour", List.of("red")), ACCEPTED))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid filter 'colour'");
        assertThatThrownBy(() -> PruneFilters.parse(Map.of("until", List.of("1h", "2h")), ACCEPTED))
                .hasMessage("more than one until filter specified");
        assertThatThrownBy(() -> PruneFilters.parse(Map.of("until", List.of("yesterday")), ACCEPTED))
                .hasMessageStartingWith("invalid value for 'until' filter");
        assertThatThrownBy(() -> PruneFilters.parse(Map.of("dangling", List.of("maybe")), ACCEPTED).bool("dangling", true))
                .hasMessage("invalid filter 'dangling=maybe'");
    }

    @Test
    void untilTakesDurationsUnixTimesAndDates() {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        assertThat(PruneFilters.timestamp("24h", now)).isEqualTo(now.minus(Duration.ofHours(24)));
        assertThat(PruneFilters.timestamp("1h30m", now)).isEqualTo(now.minus(Duration.ofMinutes(90)));
        assertThat(PruneFilters.timestamp("1.5s", now)).isEqualTo(now.minusMillis(1500));
        assertThat(PruneFilters.timestamp("1700000000", now)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(PruneFilters.timestamp("1700000000.25", now)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 250_000_000));
        assertThat(PruneFilters.timestamp("2026-01-02T03:04:05Z", now)).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(PruneFilters.timestamp("2026-01-02T03:04:05+01:00", now)).isEqualTo(Instant.parse("2026-01-02T02:04:05Z"));
    }

    @Test
    void createdBeforeKeepsNewerObjectsAndThoseWithoutATime() {
        var filters = PruneFilters.parse(Map.of("until", List.of("2026-01-01T00:00:00Z")), ACCEPTED);
        assertThat(filters.createdBefore(Optional.of(Instant.parse("2025-12-31T23:59:59Z")))).isTrue();
        assertThat(filters.createdBefore(Optional.of(Instant.parse("2026-01-01T00:00:01Z")))).isFalse();
        assertThat(filters.createdBefore(Optional.empty())).isFalse();
        assertThat(PruneFilters.parse(Map.of(), ACCEPTED).createdBefore(Optional.empty())).isTrue();
    }

    @Test
    void labelsMustAllMatchAndNegatedLabelsExcludeWhenAllMatch() {
        var labels = Map.of("team", "a", "tier", "web");
        assertThat(PruneFilters.parse(Map.of("label", List.of("team", "tier=web")), ACCEPTED).labelsMatch(labels)).isTrue();
        assertThat(PruneFilters.parse(Map.of("label", List.of("team", "tier=db")), ACCEPTED).labelsMatch(labels)).isFalse();
        assertThat(PruneFilters.parse(Map.of("label!", List.of("team=a")), ACCEPTED).labelsMatch(labels)).isFalse();
        assertThat(PruneFilters.parse(Map.of("label!", List.of("team=b")), ACCEPTED).labelsMatch(labels)).isTrue();
        assertThat(PruneFilters.parse(Map.of("label!", List.of("keep")), ACCEPTED).labelsMatch(null)).isTrue();
    }
}
