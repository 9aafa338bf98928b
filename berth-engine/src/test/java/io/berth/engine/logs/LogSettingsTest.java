package io.berth.engine.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.HostConfig;
import io.berth.common.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSettingsTest {
    @Test
    void jsonFileRotatesByDefaultAtTwentyMebibytesTimesFive() {
        var settings = LogSettings.of("json-file", Map.of());

        assertThat(settings).isEqualTo(new LogSettings(LogDriver.JSON_FILE, 20L << 20, 5, false));
    }

    @Test
    void sizesAreDecimalAsDockersFromHumanSize() {
        assertThat(HumanSize.fromHumanSize("10m")).isEqualTo(10_000_000);
        assertThat(HumanSize.fromHumanSize("1.5k")).isEqualTo(1500);
        assertThat(HumanSize.fromHumanSize("20MB")).isEqualTo(20_000_000);
        assertThat(HumanSize.fromHumanSize("3 g")).isEqualTo(3_000_000_000L);
        assertThat(HumanSize.fromHumanSize("512")).isEqualTo(512);
        assertThat(HumanSize.ramInBytes("1m")).isEqualTo(1 << 20);
        assertThatThrownBy(() -> HumanSize.fromHumanSize("-1")).hasMessage("invalid size: '-1'");
        assertThatThrownBy(() -> HumanSize.fromHumanSize("ten")).hasMessage("invalid size: 'ten'");
    }

    @Test
    void optionsOverrideTheDefaults() {
        var settings = LogSettings.of("json-file", Map.of("max-size", "1m", "max-file", "3", "compress", "true"));

        assertThat(settings).isEqualTo(new LogSettings(LogDriver.JSON_FILE, 1_000_000, 3, true));
    }

    @Test
    void localCompressesByDefaultAsDockers() {
        assertThat(LogSettings.of("local", Map.of())).isEqualTo(new LogSettings(LogDriver.LOCAL, 20L << 20, 5, true));
        assertThat(LogSettings.of("local", Map.of("compress", "false")).compress()).isFalse();
    }

    @Test
    void badOptionsGetDockersMessages() {
        assertThatThrownBy(() -> LogSettings.of("json-file", Map.of("foo", "bar")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("unknown log opt 'foo' for json-file log driver");
        assertThatThrownBy(() -> LogSettings.of("local", Map.of("labels", "a")))
                .hasMessage("unknown log opt 'labels' for log driver local");
        assertThatThrownBy(() -> LogSettings.of("syslog", Map.of()))
                .hasMessage("logger: no log driver named 'syslog' is registered");
        assertThatThrownBy(() -> LogSettings.of("json-file", Map.of("max-file", "0")))
                .hasMessage("failed to initialize logging driver: max-file cannot be less than 1");
        assertThatThrownBy(() -> LogSettings.of("json-file", Map.of("max-file", "x")))
                .hasMessage("failed to initialize logging driver: strconv.Atoi: parsing \"x\": invalid syntax");
        assertThatThrownBy(() -> LogSettings.of("json-file", Map.of("max-size", "0")))
                .hasMessage("failed to initialize logging driver: max-size must be a positive number");
        assertThatThrownBy(() -> LogSettings.of("json-file", Map.of("max-size", "big")))
                .hasMessage("failed to initialize logging driver: invalid size: 'big'");
        assertThatThrownBy(() -> LogSettings.of("json-file", Map.of("compress", "true", "max-file", "1")))
                .hasMessage("failed to initialize logging driver: compress cannot be true when max-file is less "
                        + "than 2 or max-size is not set");
        assertThatThrownBy(() -> LogSettings.of("json-file", Map.of("compress", "yes")))
                .hasMessage("failed to initialize logging driver: strconv.ParseBool: parsing \"yes\": invalid syntax");
        assertThatThrownBy(() -> LogSettings.of("local", Map.of("max-file", "1")))
                .hasMessage("failed to initialize logging driver: compression cannot be enabled when max file count is 1");
        assertThatThrownBy(() -> LogSettings.of("local", Map.of("max-size", "x")))
                .hasMessage("failed to initialize logging driver: invalid value for max-size: x: invalid size: 'x'");
        assertThatThrownBy(() -> LogSettings.of("json-file", Map.of("mode", "fast")))
                .hasMessage("logger: logging mode not supported: fast");
        assertThatThrownBy(() -> LogSettings.of("json-file", Map.of("max-buffer-size", "1m")))
                .hasMessage("logger: max-buffer-size option is only supported with 'mode=non-blocking'");
    }

    @Test
    void noneTakesAnyOptionsAndDockersBuiltInOnesAreAccepted() {
        assertThat(LogSettings.of("none", Map.of("whatever", "1")).driver()).isEqualTo(LogDriver.NONE);
        assertThat(LogSettings.of("json-file", Map.of("mode", "non-blocking", "max-buffer-size", "4m",
                "tag", "{{.Name}}")).driver()).isEqualTo(LogDriver.JSON_FILE);
    }

    @Test
    void theDaemonsDefaultsApplyToContainersOfItsDriverOnly() {
        var defaults = new LogDefaults("local", Map.of("max-size", "5m", "max-file", "2", "compress", "false"));

        var unnamed = defaults.merge(HostConfig.LogConfig.builder().type("").config(Map.of("max-file", "4")).build());
        var other = defaults.merge(HostConfig.LogConfig.builder().type("json-file").config(Map.of()).build());
        var none = defaults.merge(null);

        assertThat(unnamed).isEqualTo(new HostConfig.LogConfig("local",
                Map.of("max-file", "4", "max-size", "5m", "compress", "false")));
        assertThat(other).isEqualTo(new HostConfig.LogConfig("json-file", Map.of()));
        assertThat(none.type()).isEqualTo("local");
    }

    @Test
    void aDaemonWithBadDefaultsIsRefused() {
        assertThatThrownBy(() -> new LogDefaults("json-file", Map.of("max-file", "-1")))
                .hasMessage("failed to initialize logging driver: max-file cannot be less than 1");
    }
}
