package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoQuoteTest {
    @Test
    void plainTextIsWrappedInQuotes() {
        assertThat(GoQuote.quote("sh -c 'echo hello'")).isEqualTo("\"sh -c 'echo hello'\"");
        assertThat(GoQuote.quote("")).isEqualTo("\"\"");
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(GoQuote.quote("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0a | \\n
            09 | \\t
            0d | \\r
            07 | \\a
            08 | \\b
            0c | \\f
            0b | \\v
            00 | \\x00
            1b | \\x1b
            7f | \\x7f
            """)
    void controlCharactersUseGosEscapes(String hex, String escaped) {
        String s = Character.toString(Integer.parseInt(hex, 16));

        assertThat(GoQuote.quote(s)).isEqualTo("\"" + escaped + "\"");
    }

    @Test
    void printableUnicodeIsKept() {
        assertThat(GoQuote.quote("sh -c 'echo hello; …")).isEqualTo("\"sh -c 'echo hello; …\"");
        assertThat(GoQuote.quote("café 日本 😀")).isEqualTo("\"café 日本 😀\"");
    }

    @Test
    void nonPrintableUnicodeIsEscapedWithItsCodePoint() {
        assertThat(GoQuote.quote("a\u00a0b")).isEqualTo("\"a\\u00a0b\"");
        assertThat(GoQuote.quote("\u0085")).isEqualTo("\"\\u0085\"");
        assertThat(GoQuote.quote("\u200b")).isEqualTo("\"\\u200b\"");
        assertThat(GoQuote.quote("\u2028")).isEqualTo("\"\\u2028\"");
        assertThat(GoQuote.quote(Character.toString(0xE0001))).isEqualTo("\"\\U000e0001\"");
    }

    @Test
    void aLoneSurrogateIsTheReplacementCharacter() {
        assertThat(GoQuote.quote("x\ud800y")).isEqualTo("\"x\\ufffdy\"");
    }
}
