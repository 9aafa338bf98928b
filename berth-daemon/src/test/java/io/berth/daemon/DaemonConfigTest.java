package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    @TempDir
    Path dir;

    private String[] withFile(String json, String... flags) throws IOException {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, json);
        var args = new java.util.ArrayList<>(List.of("--config-file", file.toString(), "--data-root", dir.toString()));
        args.addAll(List.of(flags));
        return args.toArray(String[]::new);
    }

    @Test
    void daemonJsonChoosesTheBridgeSubnetAndThePoolsOfNewNetworks() throws IOException {
        var config = DaemonConfig.parse(withFile("""
                {"bip": "10.244.7.1/24",
                 "default-address-pools": [{"base": "10.232.0.0/22", "size": 24}, {"base": "10.233.0.0/16", "size": 16}]}
                """));

        assertThat(config.bridgeSubnets()).containsExactly("10.244.7.0/24");
        assertThat(config.addressPools()).containsExactly("10.232.0.0/24", "10.232.1.0/24", "10.232.2.0/24",
                "10.232.3.0/24", "10.233.0.0/16");
    }

    @Test
    void flagsWinOverDaemonJson() throws IOException {
        var config = DaemonConfig.parse(withFile("""
                {"bip": "10.244.7.1/24", "dns": ["192.0.2.1"], "dns-search": ["file.example"]}
                """, "--bip=10.245.1.1/24", "--dns", "192.0.2.9", "--dns", "2001:db8::9"));

        assertThat(config.bridgeSubnets()).containsExactly("10.245.1.0/24");
        assertThat(config.dns().servers()).containsExactly("192.0.2.9", "2001:db8::9");
        assertThat(config.dns().search()).containsExactly("file.example");
        assertThat(config.dns().options()).isEmpty();
    }

    @Test
    void dnsSettingsComeFromDaemonJsonKeysAsDockersAreNamed() throws IOException {
        var config = DaemonConfig.parse(withFile("""
                {"dns": ["192.0.2.1", "192.0.2.2"], "dns-search": ["a.example", "b.example"], "dns-opts": ["ndots:2"]}
                """));

        assertThat(config.dns()).isEqualTo(new DaemonConfig.Dns(List.of("192.0.2.1", "192.0.2.2"),
                List.of("a.example", "b.example"), List.of("ndots:2")));
    }

    @Test
    void withoutSettingsThereAreNoneAndTheDefaultsApply() throws IOException {
        var config = DaemonConfig.parse(withFile("{}"));

        assertThat(config.bridgeSubnets()).isEmpty();
        assertThat(config.addressPools()).isEmpty();
        assertThat(config.dns()).isEqualTo(DaemonConfig.Dns.NONE);
        assertThat(config.dataRoot()).isEqualTo(dir);
        assertThat(config.execRoot()).isEqualTo(dir.resolve("run"));
    }

    @Test
    void badValuesAreRefusedWithTheirReason() throws IOException {
        assertThatThrownBy(() -> DaemonConfig.parse(withFile("{\"dns\": [\"not-an-ip\"]}")))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid IP address: not-an-ip");
        assertThatThrownBy(() -> DaemonConfig.parse(withFile(
                "{\"default-address-pools\": [{\"base\": \"10.232.0.0/16\", \"size\": 8}]}")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid default-address-pools: size 8 for base 10.232.0.0/16");
        assertThatThrownBy(() -> DaemonConfig.parse(new String[] {"--frobnicate"}))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("unknown flag: --frobnicate");
        assertThatThrownBy(() -> DaemonConfig.parse(new String[] {"--config-file", dir.resolve("nope.json").toString()}))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("unable to configure the daemon: open " + dir.resolve("nope.json")
                        + ": no such file or directory");
        assertThatThrownBy(() -> DaemonConfig.parse(new String[] {"--bip"}))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("flag needs an argument: --bip");
    }

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

    @Test
    void logDriverAndOptionsComeFromDaemonJsonOrTheFlags() throws IOException {
        var fromFile = DaemonConfig.parse(withFile("""
                {"log-driver": "local", "log-opts": {"max-size": "10m", "max-file": "3"}}
                """));
        var fromFlags = DaemonConfig.parse(withFile("""
                {"log-driver": "local", "log-opts": {"max-size": "10m"}}
                """, "--log-driver", "json-file", "--log-opt", "max-file=2", "--log-opt=compress=true"));
        var none = DaemonConfig.parse(withFile("{}"));

        assertThat(fromFile.logDefaults()).isEqualTo(new io.berth.engine.logs.LogDefaults("local",
                java.util.Map.of("max-size", "10m", "max-file", "3")));
        assertThat(fromFlags.logDefaults()).isEqualTo(new io.berth.engine.logs.LogDefaults("json-file",
                java.util.Map.of("max-file", "2", "compress", "true")));
        assertThat(none.logDefaults()).isEqualTo(io.berth.engine.logs.LogDefaults.DOCKER);
    }

    @Test
    void aBadLogDefaultStopsTheDaemonWithItsReason() {
        assertThatThrownBy(() -> DaemonConfig.parse(withFile("{\"log-driver\": \"syslog\"}")))
                .hasMessage("unable to configure the daemon: logger: no log driver named 'syslog' is registered");
        assertThatThrownBy(() -> DaemonConfig.parse(withFile("{}", "--log-opt", "max-size")))
                .hasMessage("invalid key value pair format in log-opt: max-size");
    }

    private Path configFile(String json) throws Exception {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void registryMirrorsAreDockerHubsAsAListOrAnyRegistrysAsAnObject() throws IOException {
        var list = DaemonConfig.parse(withFile("""
                {"registry-mirrors": ["https://mirror.lan"]}""", "--registry-mirror", "http://127.0.0.1:5001"));
        var map = DaemonConfig.parse(withFile("""
                {"registry-mirrors": {"index.docker.io": ["https://hub.lan"], "quay.io": "https://quay.lan"},
                 "registry-certs-dir": "/srv/certs.d"}"""));
        var none = DaemonConfig.parse(withFile("{}"));

        assertThat(list.registryMirrors()).containsExactly(
                java.util.Map.entry("docker.io", List.of("http://127.0.0.1:5001", "https://mirror.lan")));
        assertThat(map.registryMirrors()).containsOnly(java.util.Map.entry("docker.io", List.of("https://hub.lan")),
                java.util.Map.entry("quay.io", List.of("https://quay.lan")));
        assertThat(map.registryCertsDir()).isEqualTo(Path.of("/srv/certs.d"));
        assertThat(none.registryMirrors()).isEmpty();
        assertThat(none.registryCertsDir()).isEqualTo(Path.of("/etc/docker/certs.d"));
        assertThatThrownBy(() -> DaemonConfig.parse(withFile("{\"registry-mirrors\": 5}")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("registry-mirrors");
    }
}
