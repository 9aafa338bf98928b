package io.berth.engine.container;

import static io.berth.engine.container.Fixtures.ID;
import static io.berth.engine.container.Fixtures.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.HealthConfig;
import io.berth.api.model.HostConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
    private static Container withHealth(HealthConfig health, List<String> shell) {
        return container(ID, "web", new RunState.Created("", 0),
                ContainerConfig.builder().healthcheck(health).shell(shell).build(), HostConfig.builder().build());
    }

    @Test
    void shellChecksRunInTheContainersShell() {
        var cmdShell = HealthConfig.builder().test(List.of("CMD-SHELL", "curl -f localhost")).build();

        assertThat(HealthMonitor.command(withHealth(cmdShell, null)))
                .contains(List.of("/bin/sh", "-c", "curl -f localhost"));
        assertThat(HealthMonitor.command(withHealth(cmdShell, List.of("/bin/ash", "-ec"))))
                .contains(List.of("/bin/ash", "-ec", "curl -f localhost"));
    }

    @Test
    void execChecksRunTheirArgumentsAndNoneDisables() {
        assertThat(HealthMonitor.command(withHealth(HealthConfig.builder().test(List.of("CMD", "true", "x")).build(),
                null))).contains(List.of("true", "x"));
        assertThat(HealthMonitor.command(withHealth(HealthConfig.builder().test(List.of("NONE")).build(), null)))
                .isEmpty();
        assertThat(HealthMonitor.command(withHealth(null, null))).isEmpty();
        assertThat(HealthMonitor.command(withHealth(HealthConfig.builder().build(), null))).isEmpty();
    }

    @Test
    void durationsAreWrittenAsGoWritesThem() {
        assertThat(HealthMonitor.goDuration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(HealthMonitor.goDuration(Duration.ofSeconds(60))).isEqualTo("1m0s");
        assertThat(HealthMonitor.goDuration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(HealthMonitor.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(HealthMonitor.goDuration(Duration.ofMinutes(90))).isEqualTo("1h30m0s");
    }

    @Test
    void aNewMonitorIsStartingWithAnEmptyLog() {
        var view = new HealthMonitor().view();

        assertThat(view.status()).isEqualTo("starting");
        assertThat(view.failingStreak()).isZero();
        assertThat(view.log()).isEmpty();
    }
}
