package io.berth.compose.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private final List<String> unset = new ArrayList<>();
    private final Map<String, String> env = Map.of("SET", "value", "EMPTY", "", "PORT", "8080");
    private final Interpolation interpolation = new Interpolation(k -> Optional.ofNullable(env.get(k)), unset::add);

    private String sub(String s) {
        return interpolation.string(s, "services.web.image");
    }

    @Test
    void namedAndBraced() {
        assertThat(sub("$SET")).isEqualTo("value");
        assertThat(sub("${SET}")).isEqualTo("value");
        assertThat(sub("a-$SET-b")).isEqualTo("a-value-b");
        assertThat(sub("x${PORT}y")).isEqualTo("x8080y");
    }

    @Test
    void unsetBecomesEmptyWithAWarning() {
        assertThat(sub("[$NOPE]")).isEqualTo("[]");
        assertThat(sub("[${NOPE}]")).isEqualTo("[]");
        assertThat(unset).containsExactly("NOPE", "NOPE");
    }

    @Test
    void defaults() {
        assertThat(sub("${NOPE:-d}")).isEqualTo("d");
        assertThat(sub("${EMPTY:-d}")).isEqualTo("d");
        assertThat(sub("${SET:-d}")).isEqualTo("value");
        assertThat(sub("${NOPE-d}")).isEqualTo("d");
        assertThat(sub("${EMPTY-d}")).isEqualTo("");
        assertThat(sub("${NOPE:-${SET}}")).isEqualTo("value");
        assertThat(sub("${NOPE:-${ALSO:-deep}}")).isEqualTo("deep");
        assertThat(sub("${NOPE:-a b:c}")).isEqualTo("a b:c");
        assertThat(unset).isEmpty();
    }

    @Test
    void alternatives() {
        assertThat(sub("${SET:+alt}")).isEqualTo("alt");
        assertThat(sub("${EMPTY:+alt}")).isEqualTo("");
        assertThat(sub("${EMPTY+alt}")).isEqualTo("alt");
        assertThat(sub("${NOPE+alt}")).isEqualTo("");
    }

    @Test
    void required() {
        assertThat(sub("${SET:?must be set}")).isEqualTo("value");
        assertThat(sub("${EMPTY?must be set}")).isEqualTo("");
        assertThatThrownBy(() -> sub("${NOPE:?must be set}")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("error while interpolating services.web.image: required variable NOPE is missing a value: must be set");
        assertThatThrownBy(() -> sub("${EMPTY:?}"))
                .hasMessage("error while interpolating services.web.image: required variable EMPTY is missing a value");
        assertThatThrownBy(() -> sub("${NOPE?no $SET}"))
                .hasMessage("error while interpolating services.web.image: required variable NOPE is missing a value: no value");
    }

    @Test
    void dollarEscapesAndLoneDollars() {
        assertThat(sub("$$SET")).isEqualTo("$SET");
        assertThat(sub("$${SET}")).isEqualTo("${SET}");
        assertThat(sub("$$(hostname -i)")).isEqualTo("$(hostname -i)");
        assertThat(sub("costs 5$")).isEqualTo("costs 5$");
        assertThat(sub("$1 and $-")).isEqualTo("$1 and $-");
    }

    @Test
    void invalidFormats() {
        for (String bad : List.of("${}", "${SET", "${SET:}", "${1A}", "${SET!x}")) {
            assertThatThrownBy(() -> sub(bad)).as(bad).isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("invalid interpolation format for services.web.image.\n"
                            + "You may need to escape any $ with another $.\n" + bad);
        }
    }

    @Test
    void treesKeepKeysAndNonStrings() {
        Object out = interpolation.tree(Map.of("services", Map.of("web", Map.of("$SET", "$SET", "n", 3L,
                "l", List.of("${PORT}")))), "");
        assertThat(out).isEqualTo(Map.of("services", Map.of("web", Map.of("$SET", "value", "n", 3L,
                "l", List.of("8080")))));
    }
}
