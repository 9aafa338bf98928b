package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.Event;
import io.berth.api.model.EventsOptions;
import io.berth.api.model.HostConfig;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.WaitCondition;
import io.berth.client.BerthClient;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /events}, {@code berth events} and {@code docker events} against a real berthd. */
@RequiresRoot
class EventsIT {
    private static final String LABEL = "io.berth.it.events";

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @Test
    void aContainersLifeIsCreateStartDieDestroyWithTheExitCodeAndItsLabels() {
        Instant since = Instant.now();
        String id = runToTheEnd("life", "life", "exit 3");

        var events = window(since, Map.of("label", List.of(LABEL + "=life")));

        assertThat(events).extracting(Event::action).containsExactly("create", "start", "die", "destroy");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo("container");
            assertThat(e.actor().id()).isEqualTo(id);
            assertThat(e.status()).contains(e.action());
            assertThat(e.id()).contains(id);
            assertThat(e.from()).contains("busybox");
            assertThat(e.scope()).isEqualTo("local");
            assertThat(e.attributes()).containsEntry("name", "life").containsEntry("image", "busybox")
                    .containsEntry(LABEL, "life");
            assertThat(e.timeNano() / 1_000_000_000L).isEqualTo(e.time());
        });
        assertThat(events.get(2).attributes()).containsEntry("exitCode", "3");
        assertThat(events).extracting(Event::timeNano).isSorted();
    }

    @Test
    void filtersByContainerLabelTypeAndEvent() {
        Instant since = Instant.now();
        String alpha = runToTheEnd("alpha", "filters-a", "exit 0");
        String beta = runToTheEnd("beta", "filters-b", "exit 1");
        berthd.client().images().tag("busybox", "events-it", "filters");
        berthd.client().images().remove("events-it:filters", false);

        assertThat(window(since, Map.of("container", List.of("alpha"))))
                .extracting(e -> e.actor().id()).containsOnly(alpha).hasSize(4);
        assertThat(window(since, Map.of("container", List.of(beta.substring(0, 12)), "event", List.of("die"))))
                .singleElement().satisfies(e -> assertThat(e.attributes()).containsEntry("exitCode", "1"));
        assertThat(window(since, Map.of("label", List.of(LABEL + "=filters-b"))))
                .extracting(e -> e.actor().id()).containsOnly(beta).hasSize(4);
        assertThat(window(since, Map.of("label", List.of(LABEL), "event", List.of("die", "destroy"))))
                .extracting(e -> e.attributes().get("name") + " " + e.action())
                .containsExactly("alpha die", "alpha destroy", "beta die", "beta destroy");
        assertThat(window(since, Map.of("type", List.of("image"))))
                .extracting(e -> e.action() + " " + e.attributes().get("name"))
                .containsExactly("tag events-it:filters", "untag events-it:filters");
    }

    @Test
    void aBadFilterIsA400BeforeTheStream() {
        var options = new EventsOptions(Optional.empty(), Optional.empty(), Map.of("colour", List.of("red")));

        assertThatThrownBy(() -> berthd.client().events(options, _ -> { }))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter 'colour'");
    }

    @Test
    void aFutureUntilEndsTheStreamAndNewEventsArriveMeanwhile() throws Exception {
        Instant since = Instant.now(); // so that events before the follower subscribed are replayed
        Instant until = since.plusSeconds(4);
        var seen = Collections.synchronizedList(new ArrayList<Event>());
        var follower = Thread.ofVirtual().start(() -> berthd.client().events(
                new EventsOptions(Optional.of(since), Optional.of(until), Map.of("container", List.of("future"))),
                seen::add));

        runToTheEnd("future", "future", "exit 0");

        assertThat(follower.join(Duration.ofSeconds(15))).as("the stream ended at until").isTrue();
        assertThat(Instant.now()).isAfterOrEqualTo(until);
        assertThat(seen).extracting(Event::action).containsExactly("create", "start", "die", "destroy");
    }

    @Test
    void followingEndsWhenTheClientLeaves() throws Exception {
        Instant since = Instant.now();
        var seen = Collections.synchronizedList(new ArrayList<Event>());
        var follower = Thread.ofVirtual().start(() -> berthd.client().events(
                new EventsOptions(Optional.of(since), Optional.empty(), Map.of("container", List.of("leaver"))),
                seen::add));
        String id = create("leaver", "leaver", "exit 0");
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());

        follower.interrupt();

        assertThat(follower.join(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).extracting(Event::action).containsExactly("create");
        berthd.client().containers().remove(id, new RemoveOptions(false, false));
    }

    @Test
    void sinceReachesBackAcrossADaemonRestart() throws Exception {
        Instant since = Instant.now();
        String id = runToTheEnd("before-restart", "restart", "exit 7");

        berthd.kill9();
        berthd.start();

        var events = window(since, Map.of("label", List.of(LABEL + "=restart")));
        assertThat(events).extracting(Event::action).containsExactly("create", "start", "die", "destroy");
        assertThat(events).allSatisfy(e -> assertThat(e.actor().id()).isEqualTo(id));
        assertThat(events.get(2).attributes()).containsEntry("exitCode", "7");
    }

    @Test
    void theDockerCliPrintsWhatBerthEventsPrints() {
        Instant since = Instant.now();
        String id = runToTheEnd("cli-web", "cli", "exit 0");
        Instant until = Instant.now();
        String[] window = {"--since", unix(since), "--until", unix(until), "--filter", "label=" + LABEL + "=cli"};

        var docker = berthd.docker(concat(List.of("events"), window));
        var berth = berthd.berth(concat(List.of("events"), window));
        var system = berthd.berth(concat(List.of("system", "events"), window));

        assertThat(docker.exitCode()).as(docker.err()).isZero();
        assertThat(berth.exitCode()).as(berth.err()).isZero();
        assertThat(docker.out().lines()).hasSize(4).allSatisfy(line -> assertThat(line).matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(Z|[+-]\\d\\d:\\d\\d) container "
                        + "(create|start|die|destroy) " + id + " \\((exitCode=0, )?image=busybox, "
                        + LABEL.replace(".", "\\.") + "=cli, name=cli-web\\)"));
        assertThat(berth.out()).isEqualTo(docker.out());
        assertThat(system.out()).isEqualTo(docker.out());
    }

    @Test
    void berthEventsPrintsJsonAsTheApiSendsIt() {
        Instant since = Instant.now();
        runToTheEnd("json", "json", "exit 0");
        Instant until = Instant.now();

        var result = berthd.berth("events", "--since", unix(since), "--until", unix(until), "--filter",
                "label=" + LABEL + "=json", "--format", "{{json .}}");

        assertThat(result.exitCode()).as(result.err()).isZero();
        var fromApi = window(since, until, Map.of("label", List.of(LABEL + "=json")));
        assertThat(result.out().lines().toList()).hasSize(4)
                .isEqualTo(fromApi.stream().map(Json::write).toList());
        assertThat(result.out().lines().findFirst().orElseThrow()).startsWith("{\"status\":\"create\",\"id\":\"");
    }

    /** Creates, starts, waits for and removes a busybox container labelled {@code LABEL=label}. */
    private static String runToTheEnd(String name, String label, String script) {
        BerthClient client = berthd.client();
        String id = create(name, label, script);
        client.containers().start(id);
        client.containers().await(id, WaitCondition.NOT_RUNNING);
        client.containers().remove(id, new RemoveOptions(false, false));
        return id;
    }

    private static String create(String name, String label, String script) {
        var config = ContainerConfig.builder().image("busybox").cmd(List.of("sh", "-c", script))
                .labels(Map.of(LABEL, label)).build();
        var request = new ContainerCreateRequest(config, HostConfig.builder().networkMode("none").build(),
                NetworkingConfig.builder().build());
        return berthd.client().containers().create(Optional.of(name), request).id();
    }

    private static List<Event> window(Instant since, Map<String, List<String>> filters) {
        return window(since, Instant.now(), filters);
    }

    private static List<Event> window(Instant since, Instant until, Map<String, List<String>> filters) {
        var events = new ArrayList<Event>();
        berthd.client().events(new EventsOptions(Optional.of(since), Optional.of(until), filters), events::add);
        return events;
    }

    private static String unix(Instant t) {
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    private static String[] concat(List<String> first, String[] rest) {
        var all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
