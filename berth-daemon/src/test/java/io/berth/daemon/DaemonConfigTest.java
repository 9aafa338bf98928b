package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    @TempDir
    Path tmp;

    @Test
    void metricsAreOffByDefault() throws Exception {
        var config = DaemonConfig.parse(new String[] {"--config-file", configFile("{}").toString()});

        assertThat(config.metricsAddr()).isEmpty();
    }

    @Test
    void metricsAddrComesFromDaemonJson() throws Exception {
        var config = DaemonConfig.parse(new String[] {"--config-file",
                configFile("{\"metrics-addr\": \"127.0.0.1:9323\"}").toString()});

        assertThat(config.metricsAddr()).contains(new InetSocketAddress("127.0.0.1", 9323));
    }

    @Test
    void theFlagWinsOverDaemonJson() throws Exception {
        var config = DaemonConfig.parse(new String[] {"--metrics-addr=[::1]:9400", "--config-file",
                configFile("{\"metrics-addr\": \"127.0.0.1:9323\"}").toString()});

        assertThat(config.metricsAddr()).contains(new InetSocketAddress("::1", 9400));
    }

    @Test
    void anAddressWithoutHostListensEverywhere() {
        assertThat(DaemonConfig.tcpAddress(":9323")).isEqualTo(new InetSocketAddress(9323));
    }

    @Test
    void anAddressNeedsAPort() {
        assertThatThrownBy(() -> DaemonConfig.tcpAddress("localhost")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid metrics-addr localhost: missing port");
        assertThatThrownBy(() -> DaemonConfig.tcpAddress("localhost:http")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> DaemonConfig.tcpAddress("localhost:70000")).isInstanceOf(InvalidArgumentException.class);
    }

    private Path configFile(String json) throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, json);
        return file;
    }
}
