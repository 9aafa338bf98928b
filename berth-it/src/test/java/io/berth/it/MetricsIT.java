package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.WaitCondition;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --metrics-addr}: Prometheus text on a TCP port, with the containers' states and figures. */
@RequiresRoot
class MetricsIT {
    private static final int PORT = freePort();

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot("--metrics-addr", "127.0.0.1:" + PORT);

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void metricsShowStatesAndRunningContainers() throws Exception {
        var client = berthd.client();
        String running = Containers.create(client, "metered", "sleep", "60");
        client.containers().start(running);
        String exited = Containers.run(client, "true");
        client.containers().await(exited, WaitCondition.NOT_RUNNING);

        String text = Http.get("http://127.0.0.1:" + PORT + "/metrics");

        assertThat(text).contains("engine_daemon_container_states_containers{state=\"running\"} 1\n")
                .contains("engine_daemon_container_states_containers{state=\"stopped\"} 1\n")
                .contains("# TYPE container_cpu_usage_seconds_total counter\n")
                .containsPattern("container_cpu_usage_seconds_total\\{id=\"" + running
                        + "\",name=\"metered\"} [0-9.]+\n")
                .containsPattern("container_pids\\{id=\"" + running + "\",name=\"metered\"} [1-9]\\d*\n")
                .doesNotContain("id=\"" + exited + "\"");
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
