package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0        | Less than a second
            1        | 1 second
            2        | 2 seconds
            59       | 59 seconds
            60       | About a minute
            119      | About a minute
            120      | 2 minutes
            3599     | 59 minutes
            3600     | About an hour
            5399     | About an hour
            5400     | 2 hours
            169200   | 47 hours
            172800   | 2 days
            1123200  | 13 days
            1209600  | 2 weeks
            5097600  | 8 weeks
            5184000  | 2 months
            62985600 | 24 months
            63072000 | 2 years
            94608000 | 3 years
            """)
    void wordsMatchDocker(long seconds, String expected) {
        String words = HumanDuration.of(Duration.ofSeconds(seconds));

        assertThat(words).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}ms -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0    | Less than a second
            999  | Less than a second
            1000 | 1 second
            1999 | 1 second
            2500 | 2 seconds
            -500 | Less than a second
            """)
    void fractionsOfASecondAreTruncated(long millis, String expected) {
        String words = HumanDuration.of(Duration.ofMillis(millis));

        assertThat(words).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            PT1H29M59S | About an hour
            PT1H30M    | 2 hours
            PT3H       | 3 hours
            P3D        | 3 days
            P3DT11H    | 3 days
            P3DT12H    | 3 days
            PT47H59M59S | 2 days
            """)
    void hoursAreRoundedToTheNearestHour(String iso, String expected) {
        String words = HumanDuration.of(Duration.parse(iso));

        assertThat(words).isEqualTo(expected);
    }
}
