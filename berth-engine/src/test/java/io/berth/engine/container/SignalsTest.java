package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            TERM        | 15
            SIGTERM     | 15
            sigterm     | 15
            15          | 15
            KILL        | 9
            sigkill     | 9
            SIGKILL     | 9
            9           | 9
            HUP         | 1
            SIGINT      | 2
            USR1        | 10
            usr2        | 12
            SIGCHLD     | 17
            SIGSTOP     | 19
            WINCH       | 28
            IOT         | 6
            POLL        | 29
            SYS         | 31
            RTMIN       | 34
            SIGRTMIN    | 34
            RTMIN+3     | 37
            sigrtmin+1  | 35
            RTMIN+15    | 49
            RTMAX-14    | 50
            RTMAX-1     | 63
            RTMAX       | 64
            64          | 64
            1           | 1
            ' QUIT '    | 3
            """)
    void namesAndNumbersAsDockerAcceptsThem(String name, int number) {
        assertThat(Signals.parse(name)).isEqualTo(number);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"X", "SIGFOO", "0", "65", "-1", "RTMIN+16", "RTMIN+0", "RTMIN3", "RTMIN-1", "RTMAX+1",
        "RTMAX-15", "RTMAX-0", "RTMIN+x", "SIG", "TERM15", ""})
    void anythingElseIsAnInvalidSignal(String name) {
        assertThatThrownBy(() -> Signals.parse(name))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid signal: " + name);
    }
}
