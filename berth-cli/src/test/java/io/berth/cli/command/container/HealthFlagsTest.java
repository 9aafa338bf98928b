package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.cli.command.Times;
import io.berth.common.InvalidArgumentException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthFlagsTest {
    @Test
    void aHealthCmdIsAShellCheckWithDurationsInNanoseconds() {
        var health = HealthFlags.healthcheck("test -f /ok", "1s", "500ms", 2, "1m30s", null, false);

        assertThat(health.test()).containsExactly("CMD-SHELL", "test -f /ok");
        assertThat(health.interval()).isEqualTo(1_000_000_000L);
        assertThat(health.timeout()).isEqualTo(500_000_000L);
        assertThat(health.startPeriod()).isEqualTo(90_000_000_000L);
        assertThat(health.startInterval()).isZero();
        assertThat(health.retries()).isEqualTo(2L);
    }

    @Test
    void noFlagsMeansTheImagesCheck() {
        assertThat(HealthFlags.healthcheck(null, null, null, null, null, null, false)).isNull();
    }

    @Test
    void noHealthcheckIsNoneAndExcludesTheOthers() {
        assertThat(HealthFlags.healthcheck(null, null, null, null, null, null, true).test()).containsExactly("NONE");
        assertThatThrownBy(() -> HealthFlags.healthcheck("true", null, null, null, null, null, true))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("--no-healthcheck conflicts with --health-* options");
        assertThatThrownBy(() -> HealthFlags.healthcheck(null, "-1s", null, null, null, null, false))
                .hasMessage("--health-interval cannot be negative");
    }

    @Test
    void healthOnFailureIsAnAnnotation() {
        assertThat(HealthFlags.annotations(Map.of(), "kill")).containsEntry("io.berth.health-on-failure", "kill");
        assertThat(HealthFlags.annotations(Map.of(), null)).isNull();
        assertThatThrownBy(() -> HealthFlags.annotations(Map.of(), "explode"))
                .hasMessageContaining("must be one of none, kill, restart, stop");
    }

    @Test
    void goDurations() {
        assertThat(Times.goDuration("1h2m3.5s", "--x")).isEqualTo(Duration.ofSeconds(3723, 500_000_000));
        assertThat(Times.goDuration("0", "--x")).isZero();
        assertThat(Times.goDuration("-2s", "--x")).isEqualTo(Duration.ofSeconds(-2));
        assertThatThrownBy(() -> Times.goDuration("5", "--x")).hasMessageContaining("invalid duration");
        assertThat(List.of()).isEmpty();
    }
}
