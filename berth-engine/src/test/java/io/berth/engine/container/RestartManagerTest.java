package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.RestartPolicy;
import io.berth.common.InvalidArgumentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartManagerTest {
    private static final Duration SHORT = Duration.ofMillis(50);

    private static RestartPolicy policy(String name, long max) {
        return RestartPolicy.builder().name(name).maximumRetryCount(max).build();
    }

    @Test
    void theBackOffDoublesFrom100msUpToAMinute() {
        var manager = new RestartManager();
        var delays = new ArrayList<Long>();

        for (int i = 0; i < 12; i++) {
            delays.add(manager.shouldRestart(policy("always", 0), 1, false, SHORT, i).orElseThrow().toMillis());
        }

        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 51200L,
                60000L, 60000L);
    }

    @Test
    void aRunOfTenSecondsStartsTheBackOffAgain() {
        var manager = new RestartManager();
        manager.shouldRestart(policy("always", 0), 1, false, SHORT, 0);
        manager.shouldRestart(policy("always", 0), 1, false, SHORT, 1);

        var delay = manager.shouldRestart(policy("always", 0), 1, false, Duration.ofSeconds(10), 2);

        assertThat(delay).contains(Duration.ofMillis(100));
    }

    @Test
    void onFailureRestartsFailuresUntilTheMaximum() {
        var manager = new RestartManager();

        assertThat(manager.shouldRestart(policy("on-failure", 3), 0, false, SHORT, 0)).isEmpty();
        assertThat(manager.shouldRestart(policy("on-failure", 3), 2, false, SHORT, 2)).isPresent();
        assertThat(manager.shouldRestart(policy("on-failure", 3), 2, false, SHORT, 3)).isEmpty();
        assertThat(manager.shouldRestart(policy("on-failure", 0), 2, false, SHORT, 100)).isPresent();
    }

    @Test
    void unlessStoppedRespectsAManualStopAndAlwaysDoesNot() {
        var manager = new RestartManager();

        assertThat(manager.shouldRestart(policy("unless-stopped", 0), 0, true, SHORT, 0)).isEmpty();
        assertThat(manager.shouldRestart(policy("unless-stopped", 0), 0, false, SHORT, 0)).isPresent();
        assertThat(manager.shouldRestart(policy("always", 0), 0, true, SHORT, 0)).isPresent();
        assertThat(manager.shouldRestart(policy("no", 0), 1, false, SHORT, 0)).isEmpty();
        assertThat(manager.shouldRestart(null, 1, false, SHORT, 0)).isEmpty();
    }

    @Test
    void aCancelledManagerRestartsNothingUntilReset() {
        var manager = new RestartManager();
        manager.cancel();

        assertThat(manager.shouldRestart(policy("always", 0), 1, false, SHORT, 0)).isEmpty();
        manager.reset();
        assertThat(manager.shouldRestart(policy("always", 0), 1, false, SHORT, 0)).contains(Duration.ofMillis(100));
    }

    @Test
    void validationUsesDockersMessages() {
        assertThatThrownBy(() -> RestartManager.validate(policy("always", 2), false))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        assertThatThrownBy(() -> RestartManager.validate(policy("no", -1), false))
                .hasMessage("invalid restart policy: maximum retry count can only be used with 'on-failure' and "
                        + "cannot be negative");
        assertThatThrownBy(() -> RestartManager.validate(policy("on-failure", -2), false))
                .hasMessage("invalid restart policy: maximum retry count cannot be negative");
        assertThatThrownBy(() -> RestartManager.validate(policy("sometimes", 0), false))
                .hasMessage("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', "
                        + "'on-failure', or 'unless-stopped'");
        assertThatThrownBy(() -> RestartManager.validate(policy("always", 0), true))
                .hasMessage("can't create 'AutoRemove' container with restart policy");
        RestartManager.validate(policy("", 5), false);
        RestartManager.validate(policy("no", 0), true);
        assertThat(Optional.<Duration>empty()).isEmpty();
    }
}
