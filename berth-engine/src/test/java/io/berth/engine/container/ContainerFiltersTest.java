package io.berth.engine.container;

import static io.berth.engine.container.Fixtures.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ContainerConfig;
import io.berth.api.model.HostConfig;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.image.ImageRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerFiltersTest {
    private static final String WEB_ID = "e91ad77b763754854c3699a3bea0ff9e9429740f5019412ba0ae91b4cfc90ef0";
    private static final String DB_ID = "2304785e9496e4139f4eeeec5493b8110d0f7967ab3725499fb701da6ebf72fe";

    private final Container web = container(WEB_ID, "web", new RunState.Running(100, "2026-11-28T19:51:01Z"),
            ContainerConfig.builder().labels(Map.of("tier", "front", "env", "")).build(),
            HostConfig.builder().build());
    private final Container db = container(DB_ID, "db", new RunState.Exited(3, "2026-11-28T19:51:01Z",
            "2026-11-28T19:52:01Z", false, ""));
    private final Container fresh = container("a".repeat(64), "fresh", new RunState.Created("", 0));
    private final Container paused = container("b".repeat(64), "webby", new RunState.Paused(7, "2026-11-28T19:51:01Z"));

    @Test
    void noFiltersMatchEverything() {
        var filters = parse(Map.of());

        assertThat(List.of(web, db, fresh, paused)).allMatch(filters::matches);
        assertThat(filters.impliesAll()).isFalse();
    }

    @Test
    void idMatchesAPrefix() {
        var filters = parse(Map.of("id", List.of("e91ad")));

        assertThat(filters.matches(web)).isTrue();
        assertThat(filters.matches(db)).isFalse();
    }

    @Test
    void nameIsARegexAgainstTheSlashedName() {
        var prefix = parse(Map.of("name", List.of("web")));
        var anchored = parse(Map.of("name", List.of("^/web$")));

        assertThat(prefix.matches(web)).isTrue();
        assertThat(prefix.matches(paused)).isTrue();
        assertThat(prefix.matches(db)).isFalse();
        assertThat(anchored.matches(web)).isTrue();
        assertThat(anchored.matches(paused)).isFalse();
    }

    @Test
    void aNameThatIsNoRegexIsMatchedLiterally() {
        var weird = container("c".repeat(64), "a(b", new RunState.Created("", 0));

        var filters = parse(Map.of("name", List.of("a(b")));

        assertThat(filters.matches(weird)).isTrue();
        assertThat(filters.matches(web)).isFalse();
    }

    @Test
    void labelByKeyAndByKeyAndValue() {
        assertThat(parse(Map.of("label", List.of("tier"))).matches(web)).isTrue();
        assertThat(parse(Map.of("label", List.of("tier=front"))).matches(web)).isTrue();
        assertThat(parse(Map.of("label", List.of("tier=back"))).matches(web)).isFalse();
        assertThat(parse(Map.of("label", List.of("env="))).matches(web)).isTrue();
        assertThat(parse(Map.of("label", List.of("missing="))).matches(web)).isFalse();
        assertThat(parse(Map.of("label", List.of("tier"))).matches(db)).isFalse();
    }

    @Test
    void severalLabelsMustAllMatchAsDockerd() {
        // docker-compose v1 numbers a service's containers from a list filtered by project, service and oneoff
        assertThat(parse(Map.of("label", List.of("tier=front", "env="))).matches(web)).isTrue();
        assertThat(parse(Map.of("label", List.of("tier=front", "env=prod"))).matches(web)).isFalse();
        assertThat(parse(Map.of("label", List.of("tier", "missing"))).matches(web)).isFalse();
    }

    @Test
    void labelHelperOnNullLabels() {
        assertThat(ContainerFilters.label(null, "a")).isFalse();
        assertThat(ContainerFilters.label(Map.of("a", "b=c"), "a=b=c")).isTrue();
    }

    @Test
    void valuesOfOneKeyAreOredAndKeysAreAnded() {
        var either = parse(Map.of("name", List.of("^/web$", "^/db$")));
        var both = parse(Map.of("name", List.of("web"), "status", List.of("running")));

        assertThat(either.matches(web)).isTrue();
        assertThat(either.matches(db)).isTrue();
        assertThat(either.matches(fresh)).isFalse();
        assertThat(both.matches(web)).isTrue();
        assertThat(both.matches(paused)).isFalse();
    }

    @Test
    void statusMatchesDockersStateNames() {
        assertThat(parse(Map.of("status", List.of("running"))).matches(web)).isTrue();
        assertThat(parse(Map.of("status", List.of("exited"))).matches(db)).isTrue();
        assertThat(parse(Map.of("status", List.of("created"))).matches(fresh)).isTrue();
        assertThat(parse(Map.of("status", List.of("paused"))).matches(paused)).isTrue();
        assertThat(parse(Map.of("status", List.of("running"))).matches(paused)).isFalse();
        assertThat(parse(Map.of("status", List.of("dead", "restarting", "removing"))).matches(web)).isFalse();
    }

    @Test
    void statusAndExitedFiltersLookAtStoppedContainers() {
        assertThat(parse(Map.of("status", List.of("exited"))).impliesAll()).isTrue();
        assertThat(parse(Map.of("exited", List.of("0"))).impliesAll()).isTrue();
        assertThat(parse(Map.of("name", List.of("web"))).impliesAll()).isFalse();
    }

    @Test
    void anUnknownStatusIsInvalid() {
        assertThatThrownBy(() -> parse(Map.of("status", List.of("foo"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter 'status=foo'");
    }

    @Test
    void exitedMatchesTheExitCodeOfStoppedContainersOnly() {
        var three = parse(Map.of("exited", List.of("3")));
        var zero = parse(Map.of("exited", List.of("0")));

        assertThat(three.matches(db)).isTrue();
        assertThat(zero.matches(db)).isFalse();
        assertThat(zero.matches(fresh)).isFalse();
        assertThat(zero.matches(web)).isFalse();
    }

    @Test
    void aNonNumericExitCodeIsInvalid() {
        assertThatThrownBy(() -> parse(Map.of("exited", List.of("x"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter 'exited=x'");
    }

    @Test
    void anUnknownKeyIsInvalid() {
        assertThatThrownBy(() -> parse(Map.of("colour", List.of("red"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter 'colour'");
    }

    @Test
    void ancestorMatchesTheNameAsGivenOrTheResolvedImage() {
        var image = new ImageRecord(Fixtures.IMAGE_ID, List.of(), 0, "2026-11-28T19:46:50Z", List.of(), "");
        var filters = ContainerFilters.parse(Map.of("ancestor", List.of("busybox:latest")),
                ref -> ref.equals("busybox:latest") ? Optional.of(image) : Optional.empty(), id -> Optional.empty());
        var other = new Container("d".repeat(64), "other", web.created(), "alpine", "sha256:" + "f".repeat(64),
                web.config(), web.hostConfig(), web.networkingConfig(), "sh", List.of(), "crun", web.runState(), 0,
                Map.of(), false);

        assertThat(filters.matches(web)).isTrue();
        assertThat(filters.matches(other)).isFalse();
        assertThat(parse(Map.of("ancestor", List.of("busybox"))).matches(web)).isTrue();
        assertThat(parse(Map.of("ancestor", List.of("alpine"))).matches(web)).isFalse();
    }

    @Test
    void beforeAndSinceCompareCreationTimes() {
        var older = container("1".repeat(64), "older", new RunState.Created("", 0));
        var newer = new Container("2".repeat(64), "newer", "2026-11-28T20:00:00Z", "busybox", Fixtures.IMAGE_ID,
                older.config(), older.hostConfig(), older.networkingConfig(), "sh", List.of(), "crun",
                older.runState(), 0, Map.of(), false);
        Map<String, Container> byName = Map.of("older", older, "newer", newer);
        var before = ContainerFilters.parse(Map.of("before", List.of("newer")), ref -> Optional.empty(),
                ref -> Optional.ofNullable(byName.get(ref)));
        var since = ContainerFilters.parse(Map.of("since", List.of("older")), ref -> Optional.empty(),
                ref -> Optional.ofNullable(byName.get(ref)));

        assertThat(before.matches(older)).isTrue();
        assertThat(before.matches(newer)).isFalse();
        assertThat(since.matches(newer)).isTrue();
        assertThat(since.matches(older)).isFalse();
    }

    @Test
    void beforeAnUnknownContainerIsNotFound() {
        var filters = parse(Map.of("before", List.of("ghost")));

        assertThatThrownBy(() -> filters.matches(web))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("No such container: ghost");
    }

    @Test
    void networkMatchesTheModeOrAnAttachedNetwork() {
        var onLabnet = container("3".repeat(64), "n", new RunState.Created("", 0), ContainerConfig.builder().build(),
                HostConfig.builder().networkMode("labnet").build());

        assertThat(parse(Map.of("network", List.of("labnet"))).matches(onLabnet)).isTrue();
        assertThat(parse(Map.of("network", List.of("default"))).matches(web)).isTrue();
        assertThat(parse(Map.of("network", List.of("labnet"))).matches(web)).isFalse();
    }

    private static ContainerFilters parse(Map<String, List<String>> filters) {
        return ContainerFilters.parse(filters, ref -> Optional.empty(), ref -> Optional.empty());
    }
}
