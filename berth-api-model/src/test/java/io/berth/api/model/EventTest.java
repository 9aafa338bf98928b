package io.berth.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
    private static final String ID = "2304785e9496e4139f4eeeec5493b8110d0f7967ab3725499fb701da6ebf72fe";
    private static final Instant AT = Instant.ofEpochSecond(1_795_895_479, 336_273_659);

    @Test
    void everyRecordedLineIsWrittenBackByteForByte() {
        for (String sample : List.of("events.json", "events-filtered.json")) {
            for (String line : lines(sample)) {
                Event event = Json.read(line, Event.class);

                assertThat(Json.write(event)).as(sample).isEqualTo(line);
            }
        }
    }

    @Test
    void aContainerEventHasTheLegacyFieldsWithTheImageAsFrom() {
        var event = Event.of(Event.CONTAINER, "die", ID, Map.of("name", "exited", "image", "busybox", "exitCode", "3"),
                AT);

        assertThat(Json.write(event)).isEqualTo("{\"status\":\"die\",\"id\":\"" + ID + "\",\"from\":\"busybox\","
                + "\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"" + ID + "\",\"Attributes\":"
                + "{\"exitCode\":\"3\",\"image\":\"busybox\",\"name\":\"exited\"}},\"scope\":\"local\","
                + "\"time\":1795895479,\"timeNano\":1795895479336273659}");
    }

    @Test
    void anImageEventHasStatusAndIdButNoFrom() {
        var event = Event.of(Event.IMAGE, "tag", "sha256:abc", Map.of("name", "busybox:latest"), AT);

        assertThat(Json.write(event)).startsWith("{\"status\":\"tag\",\"id\":\"sha256:abc\",\"Type\":\"image\"");
    }

    @Test
    void otherTypesHaveNoLegacyFields() {
        var event = Event.of(Event.NETWORK, "connect", "3860d3", Map.of("container", ID, "name", "bridge"), AT);

        assertThat(Json.write(event)).startsWith("{\"Type\":\"network\",\"Action\":\"connect\"");
    }

    @Test
    void theInstantIsTheNanosecondTime() {
        var event = Event.of(Event.CONTAINER, "start", ID, Map.of(), AT);

        assertThat(event.instant()).isEqualTo(AT);
        assertThat(Json.read(Json.write(event), Event.class)).isEqualTo(event);
    }

    private static List<String> lines(String name) {
        try (InputStream in = EventTest.class.getResourceAsStream("/docker-api-samples/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
