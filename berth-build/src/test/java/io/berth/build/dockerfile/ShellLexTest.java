package io.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellLexTest {
    private static final Map<String, String> ENV = Map.of("NAME", "berth", "EMPTY", "", "SPACED", "a b  c",
            "PATHV", "/usr/local/bin/java");
    private final ShellLex lex = new ShellLex('\\');

    @Test
    void expandsPlainAndBracedNames() {
        assertThat(lex.processWord("$NAME-${NAME}_x", ENV)).isEqualTo("berth-berth_x");
        assertThat(lex.processWord("$UNSET/${UNSET}", ENV)).isEqualTo("/");
        assertThat(lex.processWord("cost: $5 and $ alone", ENV)).isEqualTo("cost:  and $ alone");
    }

    @Test
    void defaultsAndAlternatives() {
        assertThat(lex.processWord("${UNSET:-fallback}", ENV)).isEqualTo("fallback");
        assertThat(lex.processWord("${EMPTY:-fallback}", ENV)).isEqualTo("fallback");
        assertThat(lex.processWord("${EMPTY-fallback}", ENV)).isEqualTo("");
        assertThat(lex.processWord("${NAME:-fallback}", ENV)).isEqualTo("berth");
        assertThat(lex.processWord("${NAME:+alt}", ENV)).isEqualTo("alt");
        assertThat(lex.processWord("${EMPTY:+alt}", ENV)).isEqualTo("");
        assertThat(lex.processWord("${EMPTY+alt}", ENV)).isEqualTo("alt");
        assertThat(lex.processWord("${UNSET:+alt}", ENV)).isEqualTo("");
        assertThat(lex.processWord("${UNSET:-${NAME}-nested}", ENV)).isEqualTo("berth-nested");
        assertThat(lex.processWord("${UNSET:-\"quoted }\"}", ENV)).isEqualTo("quoted }");
    }

    @Test
    void requiredVariablesFail() {
        assertThatThrownBy(() -> lex.processWord("${UNSET:?must be set}", ENV))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("UNSET: must be set");
        assertThat(lex.processWord("${NAME:?x}", ENV)).isEqualTo("berth");
    }

    @Test
    void prefixAndSuffixRemoval() {
        assertThat(lex.processWord("${PATHV#*/}", ENV)).isEqualTo("usr/local/bin/java");
        assertThat(lex.processWord("${PATHV%/*}", ENV)).isEqualTo("/usr/local/bin");
    }

    @Test
    void quotesAndEscapes() {
        assertThat(lex.processWord("'$NAME'", ENV)).isEqualTo("$NAME");
        assertThat(lex.processWord("\"$NAME is \\\"here\\\" \\n\"", ENV)).isEqualTo("berth is \"here\" \\n");
        assertThat(lex.processWord("\\$NAME", ENV)).isEqualTo("$NAME");
        assertThat(lex.processWord("a\\ b", ENV)).isEqualTo("a b");
        assertThat(lex.processWord("\"a  b\"", ENV)).isEqualTo("a  b");
    }

    @Test
    void backtickEscape() {
        var windows = new ShellLex('`');
        assertThat(windows.processWord("C:\\dir`$NAME", ENV)).isEqualTo("C:\\dir$NAME");
    }

    @Test
    void wordsSplitOnUnquotedSpaceAndExpandedValues() {
        assertThat(lex.processWords("a \"b c\" $SPACED '' d", ENV)).containsExactly("a", "b c", "a", "b", "c", "", "d");
        assertThat(lex.processWords("\"$SPACED\"", ENV)).containsExactly("a b  c");
        assertThat(lex.processWords("   ", ENV)).isEmpty();
    }

    @Test
    void unterminatedQuotesFail() {
        assertThatThrownBy(() -> lex.processWord("\"open", ENV)).hasMessageContaining("double-quote");
        assertThatThrownBy(() -> lex.processWord("'open", ENV)).hasMessageContaining("single-quote");
        assertThatThrownBy(() -> lex.processWord("${NAME", ENV)).hasMessageContaining("missing '}'");
    }

    @Test
    void heredocBodiesExpandAsAShellHeredocDoes() {
        var env = Map.of("NAME", "berth", "EMPTY", "");
        var lex = new ShellLex('\\');
        assertThat(lex.processHeredoc("it's \"$NAME\" '${NAME}'\n", env)).isEqualTo("it's \"berth\" 'berth'\n");
        assertThat(lex.processHeredoc("\\$NAME \\\\ \\n a\\\nb ${EMPTY:-dflt} $ 5$\n", env))
                .isEqualTo("$NAME \\ \\n ab dflt $ 5$\n");
        assertThat(new ShellLex('`').processHeredoc("`$NAME \\$NAME", env)).isEqualTo("`berth $NAME");
    }
}
