package io.berth.cli.command.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.PortBinding;
import io.berth.api.model.RestartPolicy;
import io.berth.cli.BerthCommand;
import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run}'s flags as picocli parses them, and the create request they make. */
class ContainerFlagsTest {
    @TempDir
    Path dir;

    @Test
    void parsesDockerStyleRunArguments() {
        RunCommand run = parse("-d", "--rm", "-e", "A=b", "--name", "web", "-p", "8080:80", "-m", "512m",
                "--cpus", "1.5", "busybox", "sh", "-c", "echo hi");

        assertThat(run.detach).isTrue();
        assertThat(run.remove).isTrue();
        assertThat(run.image).isEqualTo("busybox");
        assertThat(run.command).containsExactly("sh", "-c", "echo hi");
        assertThat(run.flags.name).isEqualTo("web");
        assertThat(run.flags.env).containsExactly("A=b");
        assertThat(run.flags.publish).containsExactly("8080:80");
        assertThat(run.flags.memory).isEqualTo("512m");
        assertThat(run.flags.cpus).isEqualTo("1.5");
        assertThat(run.flags.cpuShares).as("-c after the image belongs to the command").isNull();
    }

    @Test
    void logDriverAndOptionsGoToTheLogConfigAsDockerSendsThem() {
        var chosen = toRequest(parse("--log-driver", "local", "--log-opt", "max-size=10m", "--log-opt", "compress",
                "busybox")).hostConfig().logConfig();
        var unset = toRequest(parse("busybox")).hostConfig().logConfig();

        assertThat(chosen.type()).isEqualTo("local");
        assertThat(chosen.config()).isEqualTo(Map.of("max-size", "10m", "compress", ""));
        assertThat(unset.type()).isEmpty(); // the daemon's default
        assertThatThrownBy(() -> toRequest(parse("--log-driver", "none", "--log-opt", "max-size=1m", "busybox")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid logging opts for driver none");
    }

    @Test
    void theRequestCarriesTheFlags() {
        RunCommand run = parse("-d", "--rm", "-e", "A=b", "--name", "web", "-p", "8080:80", "-m", "512m",
                "--cpus", "1.5", "busybox", "sh", "-c", "echo hi");

        ContainerCreateRequest request = toRequest(run);

        var config = request.config();
        var host = request.hostConfig();
        assertThat(config.image()).isEqualTo("busybox");
        assertThat(config.cmd()).containsExactly("sh", "-c", "echo hi");
        assertThat(config.entrypoint()).isNull();
        assertThat(config.env()).containsExactly("A=b");
        assertThat(config.exposedPorts()).containsOnlyKeys("80/tcp");
        assertThat(config.attachStdin()).isFalse();
        assertThat(config.openStdin()).isFalse();
        assertThat(config.hostname()).isEmpty();
        assertThat(config.labels()).isEmpty();
        assertThat(host.portBindings()).containsExactly(Map.entry("80/tcp", List.of(new PortBinding("", "8080"))));
        assertThat(host.memory()).isEqualTo(512L * 1024 * 1024);
        assertThat(host.memorySwap()).isZero();
        assertThat(host.nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(host.autoRemove()).isTrue();
        assertThat(host.networkMode()).isEqualTo("default");
        assertThat(host.restartPolicy()).isEqualTo(new RestartPolicy("no", 0L));
        assertThat(host.consoleSize()).containsExactly(0L, 0L);
        assertThat(host.securityOpt()).isNull();
        assertThat(host.capAdd()).isNull();
        assertThat(host.dns()).isEmpty();
    }

    @Test
    void noCommandLeavesTheImageCommand() {
        ContainerCreateRequest request = toRequest(parse("busybox"));

        assertThat(request.config().cmd()).isNull();
    }

    @Test
    void theCommandMayLookLikeFlags() {
        RunCommand run = parse("--rm", "busybox", "ls", "-l", "--name", "x", "-e", "Y");

        assertThat(run.command).containsExactly("ls", "-l", "--name", "x", "-e", "Y");
        assertThat(run.flags.name).isNull();
        assertThat(run.flags.env).isEmpty();
    }

    @Test
    void clusteredShortFlagsThroughTheRootCommand() {
        var root = new BerthCommand();
        var cl = BerthCommand.commandLine(root);

        var result = cl.parseArgs("run", "-it", "--rm", "busybox", "sh", "-c", "echo hi");
        RunCommand run = (RunCommand) result.subcommand().commandSpec().userObject();

        assertThat(run.interactive).isTrue();
        assertThat(run.tty).isTrue();
        assertThat(run.command).containsExactly("sh", "-c", "echo hi");
    }

    @Test
    void createStopsAtTheImageToo() {
        var root = new BerthCommand();
        var cl = BerthCommand.commandLine(root);

        var result = cl.parseArgs("create", "--name", "x", "busybox", "sh", "-c", "true");
        CreateCommand create = (CreateCommand) result.subcommand().commandSpec().userObject();

        assertThat(create.flags.name).isEqualTo("x");
        assertThat(create.flags.cpuShares).isNull();
    }

    @Test
    void interactiveAndTtyFlags() {
        RunCommand run = parse("-i", "-t", "busybox");

        ContainerCreateRequest request = run.flags.toRequest(run.image, run.command, run.interactive, run.tty,
                true, true, false, List.of(24L, 80L));

        assertThat(request.config().attachStdin()).isTrue();
        assertThat(request.config().openStdin()).isTrue();
        assertThat(request.config().stdinOnce()).isTrue();
        assertThat(request.config().tty()).isTrue();
        assertThat(request.hostConfig().consoleSize()).containsExactly(24L, 80L);
    }

    @Test
    void entrypointFlag() {
        assertThat(toRequest(parse("--entrypoint", "/bin/echo", "busybox", "hi")).config().entrypoint())
                .containsExactly("/bin/echo");
        assertThat(toRequest(parse("--entrypoint", "", "busybox")).config().entrypoint()).containsExactly("");
    }

    @Test
    void labelsWithAndWithoutValues() {
        ContainerCreateRequest request = toRequest(parse("-l", "tier=web", "--label", "flag", "-l", "eq=a=b",
                "busybox"));

        assertThat(request.config().labels()).containsExactly(Map.entry("tier", "web"), Map.entry("flag", ""),
                Map.entry("eq", "a=b"));
    }

    @Test
    void aLabelWithoutAKeyIsInvalid() {
        assertThatThrownBy(() -> toRequest(parse("-l", "=x", "busybox")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid label: =x");
    }

    @Test
    void exposeAddsPortsAndExpandsRanges() {
        ContainerCreateRequest request = toRequest(parse("--expose", "443", "--expose", "53/udp", "--expose",
                "8000-8002", "busybox"));

        assertThat(request.config().exposedPorts())
                .containsOnlyKeys("443/tcp", "53/udp", "8000/tcp", "8001/tcp", "8002/tcp");
        assertThat(request.hostConfig().portBindings()).isNull();
    }

    @Test
    void badExposeValuesAreRejected() {
        assertThatThrownBy(() -> toRequest(parse("--expose", "80:80", "busybox")))
                .hasMessage("invalid port format for --expose: 80:80");
        assertThatThrownBy(() -> toRequest(parse("--expose", "eighty", "busybox")))
                .hasMessage("invalid range format for --expose: eighty");
        assertThatThrownBy(() -> toRequest(parse("--expose", "81-80", "busybox")))
                .hasMessage("invalid range format for --expose: 81-80");
    }

    @Test
    void memorySwapAndUnlimitedSwap() {
        assertThat(toRequest(parse("-m", "64m", "--memory-swap", "128m", "busybox")).hostConfig().memorySwap())
                .isEqualTo(128L * 1024 * 1024);
        assertThat(toRequest(parse("-m", "64m", "--memory-swap", "-1", "busybox")).hostConfig().memorySwap())
                .isEqualTo(-1L);
    }

    @Test
    void aBadMemoryValueNamesTheFlag() {
        assertThatThrownBy(() -> toRequest(parse("-m", "lots", "busybox")))
                .hasMessage("invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'");
    }

    @Test
    void cpusAsNanoCpus() {
        assertThat(ContainerFlags.nanoCpus("1.5")).isEqualTo(1_500_000_000L);
        assertThat(ContainerFlags.nanoCpus("0.01")).isEqualTo(10_000_000L);
        assertThat(ContainerFlags.nanoCpus("2")).isEqualTo(2_000_000_000L);
        assertThat(ContainerFlags.nanoCpus("0.000000001")).isEqualTo(1L);
    }

    @Test
    void badCpusValues() {
        assertThatThrownBy(() -> ContainerFlags.nanoCpus("many"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid argument \"many\" for \"--cpus\" flag: failed to parse many as a rational number");
        assertThatThrownBy(() -> ContainerFlags.nanoCpus("0.0000000001"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise");
    }

    @Test
    void restartPolicies() {
        assertThat(toRequest(parse("--restart", "always", "busybox")).hostConfig().restartPolicy())
                .isEqualTo(new RestartPolicy("always", 0L));
        assertThat(toRequest(parse("--restart", "on-failure:3", "busybox")).hostConfig().restartPolicy())
                .isEqualTo(new RestartPolicy("on-failure", 3L));
        assertThat(toRequest(parse("--restart", "unless-stopped", "busybox")).hostConfig().restartPolicy())
                .isEqualTo(new RestartPolicy("unless-stopped", 0L));
        assertThat(toRequest(parse("--restart", "no", "busybox")).hostConfig().restartPolicy())
                .isEqualTo(new RestartPolicy("no", 0L));
    }

    @Test
    void badRestartPolicies() {
        assertThatThrownBy(() -> toRequest(parse("--restart", "sometimes", "busybox")))
                .hasMessage("invalid restart policy format: unknown policy 'sometimes'");
        assertThatThrownBy(() -> toRequest(parse("--restart", "on-failure:x", "busybox")))
                .hasMessage("invalid restart policy format: maximum retry count must be an integer");
    }

    @Test
    void networkingAndSecurityFlags() {
        ContainerCreateRequest request = toRequest(parse("--network", "labnet", "--dns", "1.1.1.1", "--dns-search",
                "example.com", "--dns-option", "ndots:2", "--add-host", "db:10.0.0.5", "--cap-add", "NET_ADMIN",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--privileged", "--read-only",
                "--group-add", "audio", "--sysctl", "net.ipv4.ip_forward=1", "-h", "web", "--domainname",
                "example.com", "-u", "1000:1000", "-w", "/tmp", "--stop-signal", "SIGINT", "--stop-timeout", "5",
                "--pids-limit", "100", "--runtime", "runc", "-P", "busybox"));

        var config = request.config();
        var host = request.hostConfig();
        assertThat(host.networkMode()).isEqualTo("labnet");
        assertThat(host.dns()).containsExactly("1.1.1.1");
        assertThat(host.dnsSearch()).containsExactly("example.com");
        assertThat(host.dnsOptions()).containsExactly("ndots:2");
        assertThat(host.extraHosts()).containsExactly("db:10.0.0.5");
        assertThat(host.capAdd()).containsExactly("NET_ADMIN");
        assertThat(host.capDrop()).containsExactly("ALL");
        assertThat(host.securityOpt()).containsExactly("no-new-privileges");
        assertThat(host.privileged()).isTrue();
        assertThat(host.readonlyRootfs()).isTrue();
        assertThat(host.groupAdd()).containsExactly("audio");
        assertThat(host.sysctls()).containsExactly(Map.entry("net.ipv4.ip_forward", "1"));
        assertThat(host.pidsLimit()).isEqualTo(100L);
        assertThat(host.runtime()).isEqualTo("runc");
        assertThat(host.publishAllPorts()).isTrue();
        assertThat(config.hostname()).isEqualTo("web");
        assertThat(config.domainname()).isEqualTo("example.com");
        assertThat(config.user()).isEqualTo("1000:1000");
        assertThat(config.workingDir()).isEqualTo("/tmp");
        assertThat(config.stopSignal()).isEqualTo("SIGINT");
        assertThat(config.stopTimeout()).isEqualTo(5L);
    }

    @Test
    void aSeccompProfileFileIsSentAsJson() throws IOException {
        Path profile = Files.writeString(dir.resolve("profile.json"), "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");

        ContainerCreateRequest request = toRequest(parse("--security-opt", "seccomp=" + profile,
                "--security-opt", "seccomp=unconfined", "busybox"));

        assertThat(request.hostConfig().securityOpt())
                .containsExactly("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}", "seccomp=unconfined");
    }

    @Test
    void aMissingSeccompProfileFileIsAnError() {
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> toRequest(parse("--security-opt", "seccomp=" + missing, "busybox")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("opening seccomp profile (" + missing + ") failed: ");
    }

    @Test
    void envFilesComeFirstAndKeepValuesAsWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("env"), """
                # comment
                A=1

                  B=two words\s
                C=
                BERTH_TEST_SURELY_UNSET_VARIABLE
                """);

        ContainerCreateRequest request = toRequest(parse("--env-file", file.toString(), "-e", "D=4", "busybox"));

        assertThat(request.config().env()).containsExactly("A=1", "B=two words ", "C=", "D=4");
    }

    @Test
    void anEnvFileNameWithBlanksIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("env"), "BAD NAME=1\n");

        assertThatThrownBy(() -> toRequest(parse("--env-file", file.toString(), "busybox")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("poorly formatted environment: variable 'BAD NAME' contains whitespaces");
    }

    @Test
    void aMissingEnvFileIsAnError() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> toRequest(parse("--env-file", missing.toString(), "busybox")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("open " + missing + ": no such file or directory");
    }

    @Test
    void aBareEnvNameTakesTheValueFromThisEnvironmentOrStaysBare() {
        String home = System.getenv("PATH");

        ContainerCreateRequest request = toRequest(parse("-e", "PATH", "-e", "BERTH_TEST_SURELY_UNSET_VARIABLE",
                "busybox"));

        assertThat(request.config().env()).containsExactly("PATH=" + home, "BERTH_TEST_SURELY_UNSET_VARIABLE");
    }

    @Test
    void withDefaultTagAddsLatestWhereDockerDoes() {
        assertThat(RunCommand.withDefaultTag("busybox")).isEqualTo("busybox:latest");
        assertThat(RunCommand.withDefaultTag("busybox:1.36")).isEqualTo("busybox:1.36");
        assertThat(RunCommand.withDefaultTag("localhost:5000/app")).isEqualTo("localhost:5000/app:latest");
        assertThat(RunCommand.withDefaultTag("busybox@sha256:abc")).isEqualTo("busybox@sha256:abc");
    }

    private static RunCommand parse(String... args) {
        var run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    private static ContainerCreateRequest toRequest(RunCommand run) {
        return run.flags.toRequest(run.image, run.command, run.interactive, run.tty, !run.detach, !run.detach,
                run.remove, List.of(0L, 0L));
    }
}
