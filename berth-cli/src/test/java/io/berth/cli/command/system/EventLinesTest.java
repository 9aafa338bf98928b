package io.berth.cli.command.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.Event;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventLinesTest {
    private static final String ID = "46a63f61c0ffee00000000000000000000000000000000000000000000000001";
    private static final Instant AT = Instant.parse("2026-11-28T19:51:20.123456789Z");
    private static final Event START = Event.of(Event.CONTAINER, "start", ID,
            Map.of("name", "web", "image", "busybox", "com.example.tier", "front"), AT);

    @Test
    void theDefaultLineIsDockersWithSortedAttributes() {
        var lines = new EventLines(Optional.empty(), ZoneOffset.UTC);

        assertThat(lines.render(START)).isEqualTo("2026-11-28T19:51:20.123456789Z container start " + ID
                + " (com.example.tier=front, image=busybox, name=web)\n");
    }

    @Test
    void theTimeIsInTheLocalZoneWithNineFractionDigits() {
        var lines = new EventLines(Optional.empty(), ZoneId.of("Europe/Berlin"));
        var event = Event.of(Event.NETWORK, "connect", "3860", Map.of(), Instant.parse("2026-11-28T19:51:20Z"));

        assertThat(lines.render(event)).isEqualTo("2026-11-28T20:51:20.000000000+01:00 network connect 3860\n");
    }

    @Test
    void jsonIsTheMessageAsTheApiSentIt() {
        String expected = "{\"status\":\"start\",\"id\":\"" + ID + "\",\"from\":\"busybox\",\"Type\":\"container\","
                + "\"Action\":\"start\",\"Actor\":{\"ID\":\"" + ID + "\",\"Attributes\":{\"com.example.tier\":\"front\","
                + "\"image\":\"busybox\",\"name\":\"web\"}},\"scope\":\"local\",\"time\":1795895480,"
                + "\"timeNano\":1795895480123456789}\n";

        assertThat(new EventLines(Optional.of("{{json .}}"), ZoneOffset.UTC).render(START)).isEqualTo(expected);
        assertThat(new EventLines(Optional.of("json"), ZoneOffset.UTC).render(START)).isEqualTo(expected);
    }

    @Test
    void templatesSeeDockersGoFieldNames() {
        var lines = new EventLines(Optional.of(
                "{{.Status}} {{.ID}} {{.From}} {{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}} "
                        + "{{.Scope}} {{.Time}} {{.TimeNano}}"), ZoneOffset.UTC);

        assertThat(lines.render(START)).isEqualTo("start " + ID + " busybox container start " + ID
                + " web local 1795895480 1795895480123456789\n");
    }

    @Test
    void legacyFieldsAreEmptyForOtherTypes() {
        var lines = new EventLines(Optional.of("[{{.Status}}|{{.From}}] {{index .Actor.Attributes \"name\"}}"),
                ZoneOffset.UTC);
        var event = Event.of(Event.NETWORK, "connect", "3860", Map.of("name", "bridge"), AT);

        assertThat(lines.render(event)).isEqualTo("[|] bridge\n");
    }
}
