package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathCodecTest {
    @Test
    void plainTextIsUnchanged() {
        assertThat(PathCodec.decode("/containers/web/json", false)).isEqualTo("/containers/web/json");
    }

    @Test
    void percentEscapesAreDecodedAsUtf8() {
        assertThat(PathCodec.decode("/images/localhost%3A5000%2Fa%2Fb%3A1/json", false))
                .isEqualTo("/images/localhost:5000/a/b:1/json");
        assertThat(PathCodec.decode("caf%C3%A9", false)).isEqualTo("café");
        assertThat(PathCodec.decode("%7b%22a%22%7D", false)).isEqualTo("{\"a\"}");
    }

    @Test
    void plusIsASpaceOnlyInQueries() {
        assertThat(PathCodec.decode("a+b", false)).isEqualTo("a+b");
        assertThat(PathCodec.decode("a+b", true)).isEqualTo("a b");
        assertThat(PathCodec.decode("a%2Bb", true)).isEqualTo("a+b");
    }

    @Test
    void aMalformedEscapeIsInvalid() {
        assertThatThrownBy(() -> PathCodec.decode("/x%zz", false))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("malformed escape in /x%zz");
    }

    @Test
    void queryKeepsRepeatedKeysInOrder() {
        Map<String, List<String>> query = PathCodec.query("all=1&filters=%7B%22status%22%3A%5B%22exited%22%5D%7D"
                + "&t=a&t=b&flag&&empty=");

        assertThat(query).containsExactly(
                Map.entry("all", List.of("1")),
                Map.entry("filters", List.of("{\"status\":[\"exited\"]}")),
                Map.entry("t", List.of("a", "b")),
                Map.entry("flag", List.of("")),
                Map.entry("empty", List.of("")));
    }

    @Test
    void queryDecodesKeysAndPlusSigns() {
        Map<String, List<String>> query = PathCodec.query("a%20key=two+words&x=1%3D2");

        assertThat(query).containsEntry("a key", List.of("two words")).containsEntry("x", List.of("1=2"));
    }

    @Test
    void anEmptyOrMissingQueryIsEmpty() {
        assertThat(PathCodec.query("")).isEmpty();
        assertThat(PathCodec.query(null)).isEmpty();
    }
}
