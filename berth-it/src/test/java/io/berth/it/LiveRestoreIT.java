package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.StopOptions;
import io.berth.api.model.WaitCondition;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kill -9 of berthd leaves containers running; a new berthd finds them and records their exits. */
@RequiresRoot
class LiveRestoreIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void containersOutliveTheDaemonAndReportTheirExitsAfterARestart() throws Exception {
        var client = berthd.client();
        String longRunning = Containers.run(client, "sh", "-c",
                "echo before; trap 'echo stopping; exit 0' TERM; while true; do sleep 0.1; done");
        String shortLived = Containers.run(client, "sh", "-c", "sleep 1; echo finished; exit 9");
        await().until(() -> Containers.logs(client, longRunning).stdout().contains("before"));
        long pid = client.containers().inspect(longRunning).state().pid();

        berthd.kill9();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        // the short-lived container exits while no daemon runs: its monitor records the exit
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(berthd.execRoot().resolve("exits").resolve(shortLived)));
        berthd.start();
        var restarted = berthd.client();

        var running = restarted.containers().inspect(longRunning).state();
        assertThat(running.status()).isEqualTo("running");
        assertThat(running.pid()).isEqualTo(pid);
        var exited = restarted.containers().inspect(shortLived).state();
        assertThat(exited.status()).isEqualTo("exited");
        assertThat(exited.exitCode()).isEqualTo(9);
        assertThat(Containers.logs(restarted, shortLived).stdout()).isEqualTo("finished\n");

        restarted.containers().stop(longRunning, new StopOptions(Optional.of(Duration.ofSeconds(10)), Optional.empty()));

        assertThat(restarted.containers().inspect(longRunning).state().exitCode()).isZero();
        assertThat(Containers.logs(restarted, longRunning).stdout()).isEqualTo("before\nstopping\n");
    }

    @Test
    void anExitWhileTheDaemonIsUpAgainIsRecorded() throws Exception {
        var client = berthd.client();
        String id = Containers.run(client, "sh", "-c", "sleep 3; exit 4");

        berthd.kill9();
        berthd.start();

        assertThat(berthd.client().containers().await(id, WaitCondition.NOT_RUNNING).statusCode()).isEqualTo(4);
        assertThat(Files.exists(berthd.dataRoot().resolve("state.db"))).isTrue();
    }
}
