package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.HostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogsTest {
    @TempDir
    Path containers;

    @Test
    void finishedRunsLeaveNoWatchBehind() throws Exception {
        Files.createDirectories(containers.resolve("c1"));
        try (var logs = new ContainerLogs(containers, LogDefaults.DOCKER)) {
            var config = new HostConfig.LogConfig("json-file", Map.of());
            for (int run = 0; run < 3; run++) {
                logs.beforeStart("c1", config);
                assertThat(logs.watched()).isEqualTo(1);
                logs.runEnded("c1"); // no conmon.pid: the monitor is gone, the pump finishes
                Awaitility.await().until(() -> logs.watched() == 0);
            }
            logs.beforeStart("c1", config);
            logs.forget("c1");

            Awaitility.await().until(() -> logs.watched() == 0);
        }
    }
}
