package io.berth.compose.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DotEnvTest {
    @Test
    void composeSyntax() {
        String text = """
                # a comment
                A=1
                export B = two
                C='single $A # not a comment'
                D="double $A\\nnext"
                E=unquoted # comment
                F=${A}-${NOPE:-dflt}
                G="multi
                line"
                H=
                FROM_HOST
                NOT_ON_HOST
                I=a=b
                """;
        var env = DotEnv.parse(text, ".env", k -> Optional.ofNullable(Map.of("FROM_HOST", "h").get(k)));

        assertThat(env).containsExactly(Map.entry("A", "1"), Map.entry("B", "two"),
                Map.entry("C", "single $A # not a comment"), Map.entry("D", "double 1\nnext"),
                Map.entry("E", "unquoted"), Map.entry("F", "1-dflt"), Map.entry("G", "multi\nline"),
                Map.entry("H", ""), Map.entry("FROM_HOST", "h"), Map.entry("I", "a=b"));
    }
}
