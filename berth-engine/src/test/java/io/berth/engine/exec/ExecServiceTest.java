package io.berth.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ExecConfig;
import io.berth.api.model.ExecStartConfig;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.common.ConflictException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.engine.EngineConfig;
import io.berth.engine.container.Container;
import io.berth.engine.container.RunState;
import io.berth.engine.events.EventBus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec rules that need no runtime: which containers take an exec, what inspect says before a start. */
class ExecServiceTest {
    private static final String ID = "e91ad77b763754854c3699a3bea0ff9e9429740f5019412ba0ae91b4cfc90ef0";

    @TempDir
    Path root;

    private final Map<String, Container> containers = new HashMap<>();
    private final io.berth.engine.events.MemoryJournal journal = new io.berth.engine.events.MemoryJournal(100);
    private ExecService execs;

    @BeforeEach
    void setUp() {
        var bus = new EventBus(journal);
        execs = new ExecService(this::container, Map.of(), bus,
                new EngineConfig(root, root.resolve("run"), Optional.empty(), List.of(), "berth0", List.of()));
    }

    private Container container(String ref) {
        Container c = containers.get(ref);
        if (c == null) {
            throw NotFoundException.container(ref);
        }
        return c;
    }

    @Test
    void createAnswersAnIdAndInspectShowsTheExecBeforeItStarts() {
        put(new RunState.Running(42, "2026-11-28T19:51:00Z"), "");

        String id = execs.create("web", ExecConfig.builder().cmd(List.of("echo", "hi")).attachStdout(true)
                .attachStderr(true).build());
        var inspect = execs.inspect(id);

        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(inspect.id()).isEqualTo(id);
        assertThat(inspect.running()).isFalse();
        assertThat(inspect.exitCode()).isNull();
        assertThat(inspect.pid()).isZero();
        assertThat(inspect.containerID()).isEqualTo(ID);
        assertThat(inspect.openStdout()).isTrue();
        assertThat(inspect.openStdin()).isFalse();
        assertThat(inspect.processConfig().entrypoint()).isEqualTo("echo");
        assertThat(inspect.processConfig().arguments()).containsExactly("hi");
        assertThat(inspect.processConfig().user()).isEmpty();
        assertThat(inspect.detachKeys()).isEmpty();
        assertThat(inspect.canRemove()).isFalse();
    }

    @Test
    void createPublishesExecCreateWithTheCommand() {
        put(new RunState.Running(42, "2026-11-28T19:51:00Z"), "");

        String id = execs.create("web", ExecConfig.builder().cmd(List.of("sh", "-c", "exit 7")).build());

        var events = journal.read(java.time.Instant.EPOCH, java.time.Instant.MAX, Long.MAX_VALUE);
        assertThat(events).hasSize(1);
        var event = events.getFirst();
        assertThat(event.type()).isEqualTo("container");
        assertThat(event.action()).isEqualTo("exec_create: sh -c exit 7");
        assertThat(event.actor().id()).isEqualTo(ID);
        assertThat(event.actor().attributes()).containsEntry("execID", id).containsEntry("name", "web");
    }

    @Test
    void theContainersUserIsShownWhenTheExecNamesNone() {
        put(new RunState.Running(42, "2026-11-28T19:51:00Z"), "1000:1000");

        String id = execs.create("web", ExecConfig.builder().cmd(List.of("id")).build());

        assertThat(execs.inspect(id).processConfig().user()).isEqualTo("1000:1000");
    }

    @Test
    void aContainerThatDoesNotRunTakesNoExec() {
        put(new RunState.Exited(0, "a", "b", false, ""), "");

        assertThatThrownBy(() -> execs.create("web", ExecConfig.builder().cmd(List.of("ls")).build()))
                .isInstanceOf(ConflictException.class).hasMessage("Container " + ID + " is not running");
    }

    @Test
    void aPausedContainerTakesNoExec() {
        put(new RunState.Paused(42, "a"), "");

        assertThatThrownBy(() -> execs.create("web", ExecConfig.builder().cmd(List.of("ls")).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Container " + ID + " is paused, unpause the container before exec");
    }

    @Test
    void theCommandIsCheckedBeforeTheContainer() {
        assertThatThrownBy(() -> execs.create("nope", ExecConfig.builder().build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> execs.create("nope", ExecConfig.builder().cmd(List.of("ls")).build()))
                .isInstanceOf(NotFoundException.class).hasMessage("No such container: nope");
    }

    @Test
    void anUnknownExecIsNotFound() {
        assertThatThrownBy(() -> execs.inspect("abc")).isInstanceOf(NotFoundException.class)
                .hasMessage("No such exec instance: abc");
        assertThatThrownBy(() -> execs.resize("abc", 24, 80)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> execs.prepareStart("abc", ExecStartConfig.detached()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anExecIsForgottenWithItsContainer() {
        put(new RunState.Running(42, "2026-11-28T19:51:00Z"), "");
        String id = execs.create("web", ExecConfig.builder().cmd(List.of("ls")).build());

        containers.clear();

        assertThatThrownBy(() -> execs.inspect(id)).isInstanceOf(NotFoundException.class)
                .hasMessage("No such exec instance: " + id);
    }

    @Test
    void startingWhenTheContainerStoppedMeanwhileIsAConflict() {
        put(new RunState.Running(42, "2026-11-28T19:51:00Z"), "");
        String id = execs.create("web", ExecConfig.builder().cmd(List.of("ls")).build());
        put(new RunState.Exited(0, "a", "b", false, ""), "");

        assertThatThrownBy(() -> execs.prepareStart(id, ExecStartConfig.attached(false)))
                .isInstanceOf(ConflictException.class).hasMessage("Container " + ID + " is not running");
        assertThat(execs.inspect(id).running()).isFalse();
    }

    @Test
    void anExecStartsOnce() {
        put(new RunState.Running(42, "2026-11-28T19:51:00Z"), "");
        String id = execs.create("web", ExecConfig.builder().cmd(List.of("ls")).tty(true).build());

        var launch = execs.prepareStart(id, new ExecStartConfig(false, null, null));

        assertThat(launch.rawStream()).isTrue();
        assertThat(execs.inspect(id).running()).isTrue();
        assertThatThrownBy(() -> execs.prepareStart(id, ExecStartConfig.attached(true)))
                .isInstanceOf(ConflictException.class).hasMessage("Error: Exec command " + id + " is already running");
    }

    @Test
    void exitCodesOfAnExecThatDidNotStart() {
        assertThat(ExecService.exitCode("OCI runtime exec failed: exec failed: unable to start container process: "
                + "exec: \"nosuch\": executable file not found in $PATH: unknown", "nosuch")).isEqualTo(127);
        assertThat(ExecService.exitCode("… exec: \"/nope/x\": stat /nope/x: no such file or directory: unknown",
                "/nope/x")).isEqualTo(127);
        assertThat(ExecService.exitCode("… exec: \"/etc\": permission denied: unknown", "/etc")).isEqualTo(126);
        assertThat(ExecService.exitCode("unable to find user nobodyx: no matching entries in passwd file", "id"))
                .isEqualTo(126);
    }

    private void put(RunState state, String user) {
        var c = new Container(ID, "web", "2026-11-28T19:51:00Z", "busybox", "sha256:" + "0".repeat(64),
                ContainerConfig.builder().user(user).build(), HostConfig.builder().build(),
                NetworkingConfig.builder().build(), "sh", List.of(), "crun", state, 0, Map.of(), false);
        containers.put("web", c);
        containers.put(ID, c);
    }
}
