package io.berth.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.Event;
import io.berth.common.InvalidArgumentException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static final String WEB = "46a63f61c0ffee00000000000000000000000000000000000000000000000001";
    private static final Event WEB_START = Event.of(Event.CONTAINER, "start", WEB,
            Map.of("image", "busybox", "name", "web", "tier", "front"), Instant.EPOCH);
    private static final Event WEB_DIE = Event.of(Event.CONTAINER, "die", WEB,
            Map.of("image", "busybox:latest", "name", "web", "tier", "front", "exitCode", "3"), Instant.EPOCH);
    private static final Event DB_START = Event.of(Event.CONTAINER, "start", "99bb",
            Map.of("image", "localhost:5000/postgres:16", "name", "db"), Instant.EPOCH);
    private static final Event TAG = Event.of(Event.IMAGE, "tag", "sha256:1234",
            Map.of("name", "busybox:latest"), Instant.EPOCH);
    private static final Event CONNECT = Event.of(Event.NETWORK, "connect", "3860d354",
            Map.of("container", WEB, "name", "bridge", "type", "bridge"), Instant.EPOCH);
    private static final Event EXEC = Event.of(Event.CONTAINER, "exec_create: sh -c true", WEB,
            Map.of("image", "busybox", "name", "web"), Instant.EPOCH);
    private static final List<Event> ALL = List.of(WEB_START, WEB_DIE, DB_START, TAG, CONNECT, EXEC);

    @Test
    void noFiltersMatchEverything() {
        assertThat(matching(Map.of())).isEqualTo(ALL);
    }

    @Test
    void containerMatchesTheIdOrTheNameByPrefixAndOnlyContainers() {
        assertThat(matching(Map.of("container", List.of("web")))).containsExactly(WEB_START, WEB_DIE, EXEC);
        assertThat(matching(Map.of("container", List.of("46a63f61")))).containsExactly(WEB_START, WEB_DIE, EXEC);
        assertThat(matching(Map.of("container", List.of("web", "db")))).containsExactly(WEB_START, WEB_DIE, DB_START,
                EXEC);
    }

    @Test
    void typeAndEventMatchExactlyAndCombine() {
        assertThat(matching(Map.of("type", List.of("image", "network")))).containsExactly(TAG, CONNECT);
        assertThat(matching(Map.of("event", List.of("start")))).containsExactly(WEB_START, DB_START);
        assertThat(matching(Map.of("event", List.of("start"), "container", List.of("db")))).containsExactly(DB_START);
        assertThat(matching(Map.of("event", List.of("sta")))).isEmpty();
    }

    @Test
    void execAndHealthEventsMatchByPrefix() {
        assertThat(matching(Map.of("event", List.of("exec_create")))).containsExactly(EXEC);
    }

    @Test
    void labelsMustAllMatchByKeyOrKeyAndValue() {
        assertThat(matching(Map.of("label", List.of("tier")))).containsExactly(WEB_START, WEB_DIE);
        assertThat(matching(Map.of("label", List.of("tier=front")))).containsExactly(WEB_START, WEB_DIE);
        assertThat(matching(Map.of("label", List.of("tier=back")))).isEmpty();
        assertThat(matching(Map.of("label", List.of("tier=front", "exitCode=3")))).containsExactly(WEB_DIE);
    }

    @Test
    void imageMatchesContainerImagesAndImageNamesWithOrWithoutTheTag() {
        assertThat(matching(Map.of("image", List.of("busybox")))).containsExactly(WEB_START, WEB_DIE, TAG, EXEC);
        assertThat(matching(Map.of("image", List.of("busybox:latest")))).containsExactly(WEB_DIE, TAG);
        assertThat(matching(Map.of("image", List.of("localhost:5000/postgres")))).containsExactly(DB_START);
        assertThat(matching(Map.of("image", List.of("sha256:1234")))).containsExactly(TAG);
    }

    @Test
    void networkScopeAndDaemon() {
        assertThat(matching(Map.of("network", List.of("bridge")))).containsExactly(CONNECT);
        assertThat(matching(Map.of("network", List.of("3860")))).containsExactly(CONNECT);
        assertThat(matching(Map.of("scope", List.of("local")))).isEqualTo(ALL);
        assertThat(matching(Map.of("scope", List.of("swarm")))).isEmpty();
        assertThat(matching(Map.of("daemon", List.of("nope")))).isEmpty();
    }

    @Test
    void anUnknownKeyIsRefusedAsDockerRefusesIt() {
        assertThatThrownBy(() -> EventFilter.parse(Map.of("colour", List.of("red"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter 'colour'");
    }

    private static List<Event> matching(Map<String, List<String>> filters) {
        var filter = EventFilter.parse(filters);
        return ALL.stream().filter(filter::matches).toList();
    }
}
