package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.LogsOptions;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.StopOptions;
import io.berth.api.model.WaitCondition;
import io.berth.common.ConflictException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.common.NotModifiedException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Create, start, stop, kill, restart, wait, remove, logs, inspect, list, rename: through the API, with real crun and conmon. */
@RequiresRoot
class ContainerLifecycleIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void runEchoesAndExitsZero() throws Exception {
        var client = berthd.client();

        String id = Containers.run(client, "echo", "hi");

        assertThat(client.containers().await(id, WaitCondition.NOT_RUNNING).statusCode()).isZero();
        assertThat(Containers.logs(client, id).stdout()).isEqualTo("hi\n");
    }

    @Test
    void exitCodeAndStreamsAreKeptApart() {
        var client = berthd.client();

        String id = Containers.run(client, "sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(client.containers().await(id, WaitCondition.NOT_RUNNING).statusCode()).isEqualTo(3);
        var logs = Containers.logs(client, id);
        assertThat(logs.stdout()).isEqualTo("out\n");
        assertThat(logs.stderr()).isEqualTo("err\n");
        var state = client.containers().inspect(id).state();
        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.exitCode()).isEqualTo(3);
        assertThat(Instant.parse(state.finishedAt())).isAfterOrEqualTo(Instant.parse(state.startedAt()));
    }

    @Test
    void inspectShowsTheMergedConfig() {
        var client = berthd.client();

        String id = Containers.create(client, "inspected", "sleep", "1");

        var inspect = client.containers().inspect(id);
        assertThat(inspect.name()).isEqualTo("/inspected");
        assertThat(inspect.path()).isEqualTo("sleep");
        assertThat(inspect.args()).containsExactly("1");
        assertThat(inspect.config().env()).contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(inspect.config().hostname()).isEqualTo(id.substring(0, 12));
        assertThat(inspect.state().status()).isEqualTo("created");
        assertThat(inspect.hostConfig().networkMode()).isEqualTo("none");
        assertThat(inspect.image()).startsWith("sha256:");
    }

    @Test
    void stopSendsTheSignalThenKillsAfterTheTimeout() {
        var client = berthd.client();
        String trapping = Containers.run(client, "sh", "-c", "trap 'exit 42' TERM; while true; do sleep 0.1; done");
        String ignoring = Containers.run(client, "sleep", "600");
        await().until(() -> Containers.logs(client, trapping) != null);

        client.containers().stop(trapping, new StopOptions(Optional.of(Duration.ofSeconds(10)), Optional.empty()));
        long start = System.nanoTime();
        client.containers().stop(ignoring, new StopOptions(Optional.of(Duration.ofSeconds(1)), Optional.empty()));
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(client.containers().inspect(trapping).state().exitCode()).isEqualTo(42);
        assertThat(client.containers().inspect(ignoring).state().exitCode()).isEqualTo(137);
        assertThat(elapsed).isBetween(900L, 10_000L);
        assertThatThrownBy(() -> client.containers().stop(ignoring, StopOptions.defaults()))
                .isInstanceOf(NotModifiedException.class);
    }

    @Test
    void killSendsSignalsAndRefusesStoppedContainers() {
        var client = berthd.client();
        String id = Containers.run(client, "sh", "-c", "trap 'exit 10' USR1; while true; do sleep 0.1; done");
        await().until(() -> Boolean.TRUE.equals(client.containers().inspect(id).state().running()));
        sleep(300);

        client.containers().kill(id, Optional.of("USR1"));

        assertThat(client.containers().await(id, WaitCondition.NOT_RUNNING).statusCode()).isEqualTo(10);
        assertThatThrownBy(() -> client.containers().kill(id, Optional.empty()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("is not running");
        assertThatThrownBy(() -> client.containers().kill(id, Optional.of("NOPE")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid signal: NOPE");
    }

    @Test
    void restartRunsTheContainerAgainAndKeepsItsLog() {
        var client = berthd.client();
        String id = Containers.run(client, "sh", "-c", "echo run");
        client.containers().await(id, WaitCondition.NOT_RUNNING);

        client.containers().restart(id, StopOptions.defaults());
        client.containers().await(id, WaitCondition.NOT_RUNNING);

        assertThat(Containers.logs(client, id).stdout()).isEqualTo("run\nrun\n");
    }

    @Test
    void waitConditions() throws Exception {
        var client = berthd.client();
        String id = Containers.create(client, null, "sh", "-c", "sleep 0.3; exit 5");

        try (var nextExit = client.containers().waitFor(id, WaitCondition.NEXT_EXIT);
             var removed = client.containers().waitFor(id, WaitCondition.REMOVED)) {
            client.containers().start(id);
            assertThat(nextExit.result().statusCode()).isEqualTo(5);
            assertThat(client.containers().await(id, WaitCondition.NOT_RUNNING).statusCode()).isEqualTo(5);
            client.containers().remove(id, RemoveOptions.defaults());
            assertThat(removed.result().statusCode()).isEqualTo(5);
        }
    }

    @Test
    void autoRemoveRemovesAfterExit() {
        var client = berthd.client();
        var request = Containers.request("busybox", List.of("true"), h -> h.autoRemove(true));
        String id = client.containers().create(Optional.empty(), request).id();

        try (var removed = client.containers().waitFor(id, WaitCondition.REMOVED)) {
            client.containers().start(id);
            assertThat(removed.result().statusCode()).isZero();
        }

        assertThatThrownBy(() -> client.containers().inspect(id)).isInstanceOf(NotFoundException.class)
                .hasMessage("No such container: " + id);
        assertThat(berthd.dataRoot().resolve("containers").resolve(id)).doesNotExist();
        assertThat(berthd.dataRoot().resolve("overlay").resolve(id)).doesNotExist();
        // both went into the trash with a rename; their files are deleted in the background
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (var left = Files.list(berthd.dataRoot().resolve("trash"))) {
                return left.noneMatch(p -> p.getFileName().toString().startsWith(id));
            }
        });
    }

    @Test
    void removeRefusesRunningContainersUnlessForced() {
        var client = berthd.client();
        String id = Containers.run(client, "sleep", "600");

        assertThatThrownBy(() -> client.containers().remove(id, RemoveOptions.defaults()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("container is running: stop the container before removing or force remove");

        client.containers().remove(id, new RemoveOptions(true, false));

        assertThatThrownBy(() -> client.containers().inspect(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void namesAreUniqueAndRenameMovesThem() {
        var client = berthd.client();
        String first = Containers.create(client, "taken", "true");

        assertThatThrownBy(() -> Containers.create(client, "taken", "true"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Conflict. The container name \"/taken\" is already in use by container \"" + first
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");

        client.containers().rename("taken", "renamed");
        String second = Containers.create(client, "taken", "true");

        assertThat(client.containers().inspect("renamed").id()).isEqualTo(first);
        assertThat(client.containers().inspect("taken").id()).isEqualTo(second);
        assertThat(client.containers().inspect(first.substring(0, 10)).id()).isEqualTo(first);
    }

    @Test
    void listFiltersAndLimits() {
        var client = berthd.client();
        var labelled = Containers.request("busybox", List.of("sh", "-c", "exit 7"), h -> h);
        labelled = new io.berth.api.model.ContainerCreateRequest(
                labelled.config().toBuilder().labels(Map.of("suite", "lifecycle")).build(), labelled.hostConfig(),
                labelled.networkingConfig());
        String exited = client.containers().create(Optional.of("filtered-exited"), labelled).id();
        client.containers().start(exited);
        client.containers().await(exited, WaitCondition.NOT_RUNNING);
        String running = Containers.run(client, "sleep", "600");

        var runningOnly = client.containers().list(ContainerListOptions.running());
        var byStatus = client.containers().list(new ContainerListOptions(false, OptionalInt.empty(), false,
                Map.of("status", List.of("exited"), "label", List.of("suite=lifecycle"))));
        var byExit = client.containers().list(new ContainerListOptions(true, OptionalInt.empty(), false,
                Map.of("exited", List.of("7"))));
        var byName = client.containers().list(new ContainerListOptions(true, OptionalInt.empty(), true,
                Map.of("name", List.of("filtered-exi"))));
        var latest = client.containers().list(new ContainerListOptions(true, OptionalInt.of(1), false, Map.of()));

        assertThat(runningOnly).extracting(c -> c.id()).contains(running).doesNotContain(exited);
        assertThat(byStatus).extracting(c -> c.id()).containsExactly(exited);
        assertThat(byExit).extracting(c -> c.id()).containsExactly(exited);
        assertThat(byName).singleElement().satisfies(c -> {
            assertThat(c.names()).containsExactly("/filtered-exited");
            assertThat(c.status()).startsWith("Exited (7) ");
            assertThat(c.command()).isEqualTo("sh -c 'exit 7'");
            assertThat(c.sizeRw()).isNotNull();
        });
        assertThat(latest).extracting(c -> c.id()).containsExactly(running);
        assertThatThrownBy(() -> client.containers().list(new ContainerListOptions(true, OptionalInt.empty(), false,
                Map.of("status", List.of("sleeping"))))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter 'status=sleeping'");
        client.containers().remove(running, new RemoveOptions(true, false));
    }

    @Test
    void logsFollowTailTimestampsAndSince() throws Exception {
        var client = berthd.client();
        String id = Containers.run(client, "sh", "-c", "for i in 1 2 3 4 5; do echo line$i; sleep 0.2; done");

        var followed = new ByteArrayOutputStream();
        client.containers().logs(id, new LogsOptions(true, true, true, Optional.empty(), Optional.empty(),
                OptionalInt.empty(), false), false, followed, followed);
        var tail = new ByteArrayOutputStream();
        client.containers().logs(id, new LogsOptions(true, true, false, Optional.empty(), Optional.empty(),
                OptionalInt.of(2), true), false, tail, tail);
        var future = new ByteArrayOutputStream();
        client.containers().logs(id, new LogsOptions(true, true, false, Optional.of(Instant.now().plusSeconds(60)),
                Optional.empty(), OptionalInt.empty(), false), false, future, future);

        assertThat(followed.toString(StandardCharsets.UTF_8)).isEqualTo("line1\nline2\nline3\nline4\nline5\n");
        assertThat(tail.toString(StandardCharsets.UTF_8).lines().toList())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z line[45]"));
        assertThat(future.size()).isZero();
    }

    @Test
    void createFailsCleanlyForAMissingImage() {
        var client = berthd.client();

        assertThatThrownBy(() -> client.containers().create(Optional.of("noimage"),
                Containers.request("nosuchimage", List.of("true"), h -> h)))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("No such image: nosuchimage:latest");

        assertThatThrownBy(() -> client.containers().inspect("noimage")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void startFailureForAMissingCommandIsReportedAndLeavesNoMounts() throws Exception {
        var client = berthd.client();
        String id = Containers.create(client, null, "nonexistent-command");

        assertThatThrownBy(() -> client.containers().start(id))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("executable file not found in $PATH");

        var state = client.containers().inspect(id).state();
        assertThat(state.status()).isEqualTo("created");
        assertThat(state.exitCode()).isEqualTo(127);
        assertThat(state.error()).contains("nonexistent-command");
        assertThat(io.berth.testing.Debris.mountsUnder(berthd.root())).isEmpty();
        assertThat(Files.exists(berthd.execRoot().resolve("socks").resolve(id.substring(0, 12)))).isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
