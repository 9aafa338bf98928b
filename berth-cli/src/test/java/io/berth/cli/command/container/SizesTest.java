package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            512m    | 536870912
            512M    | 536870912
            512mb   | 536870912
            512MiB  | 536870912
            1g      | 1073741824
            1.5g    | 1610612736
            64k     | 65536
            100     | 100
            100b    | 100
            2t      | 2199023255552
            1p      | 1125899906842624
            '6 m'   | 6291456
            ' 8m '  | 8388608
            0.5k    | 512
            """)
    void ramInBytesUsesBinaryUnits(String text, long bytes) {
        assertThat(Sizes.ramInBytes(text, "-m, --memory")).isEqualTo(bytes);
    }

    @Test
    void aBadSizeNamesTheFlag() {
        assertThatThrownBy(() -> Sizes.ramInBytes("lots", "-m, --memory"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'");
        assertThatThrownBy(() -> Sizes.ramInBytes("12x", "--memory-swap"))
                .hasMessage("invalid argument \"12x\" for \"--memory-swap\" flag: invalid size: '12x'");
        assertThatThrownBy(() -> Sizes.ramInBytes("-1", "--memory-swap")).isInstanceOf(InvalidArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0            | 0B
            1            | 1B
            999          | 999B
            1000         | 1kB
            1024         | 1.02kB
            1125         | 1.12kB
            1135         | 1.14kB
            4096         | 4.1kB
            65536        | 65.5kB
            1985580      | 1.99MB
            3034181      | 3.03MB
            999500       | 1e+03kB
            999999       | 1e+03kB
            123456789    | 123MB
            1000000000   | 1GB
            4200000000   | 4.2GB
            1e15         | 1PB
            1e24         | 1YB
            1e27         | 1e+03YB
            """)
    void humanPrintsThreeSignificantDecimalDigitsAsGoDoes(double bytes, String text) {
        assertThat(Sizes.human(bytes)).isEqualTo(text);
    }

    @Test
    void formatGSwitchesToAnExponentForSmallNumbersToo() {
        assertThat(Sizes.formatG(0.0001)).isEqualTo("0.0001");
        assertThat(Sizes.formatG(0.00001234)).isEqualTo("1.23e-05");
        assertThat(Sizes.formatG(12.0)).isEqualTo("12");
        assertThat(Sizes.formatG(1.5)).isEqualTo("1.5");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0                   | 0B
            1023                | 1023B
            1024                | 1KiB
            221184              | 216KiB
            1048576             | 1MiB
            1048577             | 1MiB
            1258291.2           | 1.2MiB
            67108864            | 64MiB
            25276063744         | 23.54GiB
            3672136335.36       | 3.42GiB
            5906486011215.872   | 5.372TiB
            1.0485760000000000e+30 | 8.674e+05YiB
            """)
    void bytesSizeUsesBinaryUnitsAndFourDigits(double size, String text) {
        assertThat(Sizes.bytesSize(size)).isEqualTo(text);
    }

    @Test
    void humanSizeKeepsFourDigitsAsDockersSystemDf() {
        assertThat(Sizes.humanSize(0)).isEqualTo("0B");
        assertThat(Sizes.humanSize(1_983_000)).isEqualTo("1.983MB");
        assertThat(Sizes.humanSize(70_008)).isEqualTo("70.01kB");
        assertThat(Sizes.humanSize(51_200)).isEqualTo("51.2kB");
        assertThat(Sizes.humanSize(999)).isEqualTo("999B");
    }
}
