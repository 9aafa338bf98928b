package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.HealthConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthcheckMergeTest {
    private static final HealthConfig IMAGE = HealthConfig.builder().test(List.of("CMD", "check")).interval(30_000_000_000L)
            .timeout(5_000_000_000L).retries(4L).build();

    @Test
    void theImagesCheckAppliesWhenTheRequestHasNone() {
        assertThat(ConfigMerge.healthcheck(null, IMAGE)).isEqualTo(IMAGE);
    }

    @Test
    void aRequestWithoutATestKeepsTheImagesCommandAndFillsItsZeroes() {
        var request = HealthConfig.builder().interval(1_000_000_000L).build();

        var merged = ConfigMerge.healthcheck(request, IMAGE);

        assertThat(merged.test()).containsExactly("CMD", "check");
        assertThat(merged.interval()).isEqualTo(1_000_000_000L);
        assertThat(merged.timeout()).isEqualTo(5_000_000_000L);
        assertThat(merged.retries()).isEqualTo(4L);
    }

    @Test
    void noHealthcheckWins() {
        var none = HealthConfig.builder().test(List.of("NONE")).build();

        assertThat(ConfigMerge.healthcheck(none, IMAGE).test()).containsExactly("NONE");
    }
}
