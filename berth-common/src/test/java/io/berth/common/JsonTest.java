package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Port(int PrivatePort, String Type) {}

    record Holder(String Name, List<String> Env, Optional<String> Note) {}

    record WithTree(String Name, JsonNode Storage) {}

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"PrivatePort\":80,\"Type\":\"tcp\",\"IP\":\"0.0.0.0\",\"Extra\":{\"a\":[1,2]}}";

        Port port = Json.read(json, Port.class);

        assertThat(port).isEqualTo(new Port(80, "tcp"));
    }

    @Test
    void nullsAreWritten() {
        Holder holder = new Holder("web", null, Optional.empty());

        String json = Json.write(holder);

        assertThat(json).isEqualTo("{\"Name\":\"web\",\"Env\":null,\"Note\":null}");
    }

    @Test
    void optionalsAreWrittenAsTheirValue() {
        Holder holder = new Holder("web", List.of("A=b"), Optional.of("hi"));

        String json = Json.write(holder);

        assertThat(json).isEqualTo("{\"Name\":\"web\",\"Env\":[\"A=b\"],\"Note\":\"hi\"}");
    }

    @Test
    void writeThenReadRoundTrips() {
        Holder holder = new Holder("web", List.of("A=b", "C=d"), Optional.of("x"));

        Holder back = Json.read(Json.writeBytes(holder), Holder.class);

        assertThat(back).isEqualTo(holder);
    }

    @Test
    void aJsonNullForATreeFieldReadsAsNullLikeAnAbsentField() {
        WithTree absent = Json.read("{\"Name\":\"x\"}", WithTree.class);

        WithTree explicitNull = Json.read("{\"Name\":\"x\",\"Storage\":null}", WithTree.class);

        assertThat(absent.Storage()).isNull();
        assertThat(explicitNull.Storage()).isNull();
        assertThat(explicitNull).isEqualTo(absent);
        assertThat(Json.read(Json.write(absent), WithTree.class)).isEqualTo(absent);
    }

    @Test
    void aTreeFieldKeepsItsContent() {
        WithTree tree = Json.read("{\"Storage\":{\"RootFS\":{\"Snapshot\":null}}}", WithTree.class);

        assertThat(tree.Storage().path("RootFS").has("Snapshot")).isTrue();
        assertThat(Json.write(tree)).isEqualTo("{\"Name\":null,\"Storage\":{\"RootFS\":{\"Snapshot\":null}}}");
    }

    @Test
    void aSingleValueIsAcceptedWhereAListIsExpected() {
        Holder holder = Json.read("{\"Env\":\"A=b\"}", Holder.class);

        assertThat(holder.Env()).containsExactly("A=b");
        assertThat(holder.Name()).isNull();
        assertThat(holder.Note()).isEmpty();
    }

    @Test
    void readsFromAStream() {
        var in = new ByteArrayInputStream("{\"PrivatePort\":443}".getBytes(StandardCharsets.UTF_8));

        Port port = Json.read(in, Port.class);

        assertThat(port).isEqualTo(new Port(443, null));
    }

    @Test
    void readsGenericTypes() {
        byte[] json = "{\"a\":[\"1\"],\"b\":[]}".getBytes(StandardCharsets.UTF_8);

        Map<String, List<String>> map = Json.read(json, new TypeReference<Map<String, List<String>>>() {});

        assertThat(map).containsExactly(Map.entry("a", List.of("1")), Map.entry("b", List.of()));
    }

    @Test
    void treeAndConvert() {
        var tree = Json.tree("{\"PrivatePort\":8080,\"Type\":\"udp\"}".getBytes(StandardCharsets.UTF_8));

        Port port = Json.convert(tree, Port.class);

        assertThat(tree.path("Type").asText()).isEqualTo("udp");
        assertThat(port).isEqualTo(new Port(8080, "udp"));
    }

    @Test
    void malformedTextIsAnInvalidArgument() {
        assertThatThrownBy(() -> Json.read("{\"PrivatePort\":", Port.class))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid JSON: ");
    }

    @Test
    void malformedBytesStreamsAndTreesAreInvalidArguments() {
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Json.read(garbage, Port.class)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Json.read(garbage, new TypeReference<List<Port>>() {}))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Json.read(new ByteArrayInputStream(garbage), Port.class))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Json.tree(garbage)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aWrongTypeIsAnInvalidArgumentNamingTheProblem() {
        assertThatThrownBy(() -> Json.read("{\"PrivatePort\":\"eighty\"}", Port.class))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid JSON: ")
                .hasMessageContaining("eighty")
                .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }

    @Test
    void emptyInputIsAnInvalidArgument() {
        assertThatThrownBy(() -> Json.read("", Port.class)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Json.read(new byte[0], Port.class)).isInstanceOf(InvalidArgumentException.class);
    }
}
