package io.berth.store.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TarUnpackerTest {
    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            etc/passwd       | etc/passwd
            ./etc/passwd     | etc/passwd
            /etc/passwd      | etc/passwd
            //etc/passwd     | etc/passwd
            ././etc/passwd   | etc/passwd
            .//etc/passwd    | etc/passwd
            /./etc/          | etc
            etc/             | etc
            etc//            | etc
            ./               | ''
            .                | ''
            /                | ''
            ./.              | ''
            ''               | ''
            ../etc           | ../etc
            a/./b            | a/./b
            .wh..wh..opq     | .wh..wh..opq
            ./usr/.wh.share  | usr/.wh.share
            """)
    void cleanStripsLeadingDotSlashesAndSlashesAndTrailingSlashes(String name, String expected) {
        String cleaned = TarUnpacker.clean(name);

        assertThat(cleaned).isEqualTo(expected);
    }
}
