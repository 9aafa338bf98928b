package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.HostConfig;
import io.berth.common.InvalidArgumentException;
import io.berth.runtime.oci.DefaultConfinement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleBuilderTest {
    private static final long MB = 1024 * 1024;

    @Test
    void anEmptyHostConfigIsValid() {
        assertThatCode(() -> BundleBuilder.validate(HostConfig.builder().build(), 2)).doesNotThrowAnyException();
    }

    @Test
    void memoryBelowSixMegabytesIsRejected() {
        var host = HostConfig.builder().memory(6 * MB - 1).build();

        assertThatThrownBy(() -> BundleBuilder.validate(host, 2))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Minimum memory limit allowed is 6MB");
    }

    @Test
    void exactlySixMegabytesIsAllowed() {
        assertThatCode(() -> BundleBuilder.validate(HostConfig.builder().memory(6 * MB).build(), 2))
                .doesNotThrowAnyException();
    }

    @Test
    void swapBelowMemoryIsRejected() {
        var host = HostConfig.builder().memory(512 * MB).memorySwap(256 * MB).build();

        assertThatThrownBy(() -> BundleBuilder.validate(host, 2))
                .hasMessage("Minimum memoryswap limit should be larger than memory limit, see usage");
    }

    @Test
    void swapWithoutMemoryIsRejected() {
        var host = HostConfig.builder().memorySwap(256 * MB).build();

        assertThatThrownBy(() -> BundleBuilder.validate(host, 2))
                .hasMessage("You should always set the Memory limit when using Memoryswap limit, see usage");
    }

    @Test
    void unlimitedSwapIsFine() {
        assertThatCode(() -> BundleBuilder.validate(HostConfig.builder().memory(64 * MB).memorySwap(-1L).build(), 2))
                .doesNotThrowAnyException();
        assertThatCode(() -> BundleBuilder.validate(HostConfig.builder().memorySwap(-1L).build(), 2))
                .doesNotThrowAnyException();
    }

    @Test
    void nanoCpusConflictWithAPeriod() {
        var host = HostConfig.builder().nanoCpus(1_500_000_000L).cpuPeriod(100_000L).build();

        assertThatThrownBy(() -> BundleBuilder.validate(host, 2))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    }

    @Test
    void nanoCpusConflictWithAQuota() {
        var host = HostConfig.builder().nanoCpus(1_500_000_000L).cpuQuota(50_000L).build();

        assertThatThrownBy(() -> BundleBuilder.validate(host, 2))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }

    @Test
    void moreCpusThanTheHostHasIsOutOfRange() {
        var host = HostConfig.builder().nanoCpus(3_000_000_000L).build();

        assertThatThrownBy(() -> BundleBuilder.validate(host, 2))
                .hasMessage("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
    }

    @Test
    void allTheHostsCpusAreAllowed() {
        assertThatCode(() -> BundleBuilder.validate(HostConfig.builder().nanoCpus(2_000_000_000L).build(), 2))
                .doesNotThrowAnyException();
    }

    @Test
    void tooFewOrNegativeCpusAreOutOfRange() {
        assertThatThrownBy(() -> BundleBuilder.validate(HostConfig.builder().nanoCpus(1_000_000L).build(), 4))
                .hasMessage("Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available");
        assertThatThrownBy(() -> BundleBuilder.validate(HostConfig.builder().nanoCpus(-1L).build(), 4))
                .hasMessage("Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available");
    }

    @Test
    void aQuotaBelowOneMillisecondIsRejectedButMinusOneMeansUnlimited() {
        assertThatThrownBy(() -> BundleBuilder.validate(HostConfig.builder().cpuQuota(999L).build(), 2))
                .hasMessage("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        assertThatCode(() -> BundleBuilder.validate(HostConfig.builder().cpuQuota(-1L).build(), 2))
                .doesNotThrowAnyException();
    }

    @Test
    void aPeriodOutsideOneMillisecondToOneSecondIsRejected() {
        String message = "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)";

        assertThatThrownBy(() -> BundleBuilder.validate(HostConfig.builder().cpuPeriod(999L).build(), 2))
                .hasMessage(message);
        assertThatThrownBy(() -> BundleBuilder.validate(HostConfig.builder().cpuPeriod(1_000_001L).build(), 2))
                .hasMessage(message);
        assertThatCode(() -> BundleBuilder.validate(HostConfig.builder().cpuPeriod(1_000_000L).build(), 2))
                .doesNotThrowAnyException();
    }

    @Test
    void negativeSharesAreRejected() {
        assertThatThrownBy(() -> BundleBuilder.validate(HostConfig.builder().cpuShares(-2L).build(), 2))
                .hasMessage("invalid CPU shares: -2");
    }

    @Test
    void validateAlsoChecksCapabilitiesAndSecurityOptions() {
        assertThatThrownBy(() -> BundleBuilder.validate(HostConfig.builder().capAdd(List.of("FLY")).build(), 2))
                .hasMessage("invalid capability: FLY");
        assertThatThrownBy(() -> BundleBuilder.validate(HostConfig.builder().securityOpt(List.of("x")).build(), 2))
                .hasMessage("Invalid --security-opt: \"x\"");
    }

    @Test
    void nanoCpusBecomeAQuotaOverAHundredMillisecondPeriod() {
        var limits = BundleBuilder.limits(HostConfig.builder().nanoCpus(1_500_000_000L).build());

        assertThat(limits.cpuPeriod()).hasValue(100_000L);
        assertThat(limits.cpuQuota()).hasValue(150_000L);
    }

    @Test
    void aQuarterCpu() {
        var limits = BundleBuilder.limits(HostConfig.builder().nanoCpus(250_000_000L).build());

        assertThat(limits.cpuQuota()).hasValue(25_000L);
    }

    @Test
    void explicitQuotaAndPeriodPassThrough() {
        var limits = BundleBuilder.limits(HostConfig.builder().cpuQuota(-1L).cpuPeriod(50_000L).build());

        assertThat(limits.cpuQuota()).hasValue(-1L);
        assertThat(limits.cpuPeriod()).hasValue(50_000L);
    }

    @Test
    void swapDefaultsToTwiceTheMemory() {
        var limits = BundleBuilder.limits(HostConfig.builder().memory(512 * MB).build());

        assertThat(limits.memory()).hasValue(512 * MB);
        assertThat(limits.memorySwap()).hasValue(1024 * MB);
    }

    @Test
    void swapMinusOneIsUnlimited() {
        var limits = BundleBuilder.limits(HostConfig.builder().memory(512 * MB).memorySwap(-1L).build());

        assertThat(limits.memorySwap()).hasValue(-1L);
    }

    @Test
    void anExplicitSwapIsKept() {
        var limits = BundleBuilder.limits(HostConfig.builder().memory(512 * MB).memorySwap(768 * MB).build());

        assertThat(limits.memorySwap()).hasValue(768 * MB);
    }

    @Test
    void noMemoryMeansNoMemoryOrSwapLimit() {
        var limits = BundleBuilder.limits(HostConfig.builder().memorySwap(-1L).build());

        assertThat(limits.memory()).isEmpty();
        assertThat(limits.memorySwap()).isEmpty();
    }

    @Test
    void otherLimitsOnlyWhenPositiveOrSet() {
        var host = HostConfig.builder().memoryReservation(64 * MB).cpuShares(512L).pidsLimit(100L)
                .cpusetCpus("0-1").cpusetMems("").build();

        var limits = BundleBuilder.limits(host);

        assertThat(limits.memoryReservation()).hasValue(64 * MB);
        assertThat(limits.cpuShares()).hasValue(512L);
        assertThat(limits.pidsLimit()).hasValue(100L);
        assertThat(limits.cpusetCpus()).hasValue("0-1");
        assertThat(limits.cpusetMems()).isEmpty();
    }

    @Test
    void pidsLimitZeroOrMinusOneIsUnlimited() {
        assertThat(BundleBuilder.limits(HostConfig.builder().pidsLimit(0L).build()).pidsLimit()).isEmpty();
        assertThat(BundleBuilder.limits(HostConfig.builder().pidsLimit(-1L).build()).pidsLimit()).isEmpty();
    }

    @Test
    void defaultConfinementHasDockersCapabilitiesSeccompAndMasks() {
        var confinement = BundleBuilder.confinement(HostConfig.builder().build());

        assertThat(confinement.privileged()).isFalse();
        assertThat(confinement.capabilities()).containsExactlyElementsOf(DefaultConfinement.CAPABILITIES);
        assertThat(confinement.seccomp()).isPresent();
        assertThat(confinement.noNewPrivileges()).isFalse();
        assertThat(confinement.maskedPaths()).isEqualTo(DefaultConfinement.MASKED_PATHS);
        assertThat(confinement.readonlyPaths()).isEqualTo(DefaultConfinement.READONLY_PATHS);
    }

    @Test
    void privilegedGetsEveryCapability() {
        var confinement = BundleBuilder.confinement(HostConfig.builder().privileged(true).build());

        assertThat(confinement.privileged()).isTrue();
        assertThat(confinement.capabilities()).containsExactlyElementsOf(DefaultConfinement.hostCapabilities());
    }

    @Test
    void capAddAndDropChangeTheSet() {
        var confinement = BundleBuilder.confinement(HostConfig.builder()
                .capAdd(List.of("NET_ADMIN")).capDrop(List.of("CAP_CHOWN")).build());

        assertThat(confinement.capabilities()).contains("CAP_NET_ADMIN").doesNotContain("CAP_CHOWN");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no-new-privileges", "no-new-privileges=true", "no-new-privileges:true",
        "no-new-privileges=1", "no-new-privileges=True", "no-new-privileges=t"})
    void noNewPrivilegesIsOn(String opt) {
        var confinement = BundleBuilder.confinement(HostConfig.builder().securityOpt(List.of(opt)).build());

        assertThat(confinement.noNewPrivileges()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no-new-privileges=false", "no-new-privileges=0", "no-new-privileges=F"})
    void noNewPrivilegesIsOff(String opt) {
        var confinement = BundleBuilder.confinement(HostConfig.builder().securityOpt(List.of(opt)).build());

        assertThat(confinement.noNewPrivileges()).isFalse();
    }

    @Test
    void theLastNoNewPrivilegesWins() {
        var confinement = BundleBuilder.confinement(HostConfig.builder()
                .securityOpt(List.of("no-new-privileges", "no-new-privileges=false")).build());

        assertThat(confinement.noNewPrivileges()).isFalse();
    }

    @Test
    void seccompUnconfinedDropsTheFilter() {
        var confinement = BundleBuilder.confinement(HostConfig.builder()
                .securityOpt(List.of("seccomp=unconfined")).build());

        assertThat(confinement.seccomp()).isEqualTo(Optional.empty());
    }

    @Test
    void seccompBuiltinKeepsTheDefault() {
        var builtin = BundleBuilder.confinement(HostConfig.builder().securityOpt(List.of("seccomp=builtin")).build());

        assertThat(builtin.seccomp()).isPresent();
        assertThat(builtin.seccomp()).isEqualTo(BundleBuilder.confinement(HostConfig.builder().build()).seccomp());
    }

    @Test
    void seccompWithAProfileIsTranslated() {
        String profile = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\"}]}";

        var confinement = BundleBuilder.confinement(HostConfig.builder()
                .securityOpt(List.of("seccomp=" + profile)).build());

        assertThat(confinement.seccomp()).isPresent();
        assertThat(confinement.seccomp()).isNotEqualTo(BundleBuilder.confinement(HostConfig.builder().build()).seccomp());
    }

    @Test
    void optionsDockerIgnoresHereAreAccepted() {
        assertThatCode(() -> BundleBuilder.confinement(HostConfig.builder()
                .securityOpt(List.of("apparmor=unconfined", "label=disable", "label:type:svirt_t")).build()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x", "foo=bar", "seccomp", "seccomp=", "apparmor", "no-new-privileges=maybe",
        "no-new-privileges="})
    void invalidSecurityOptionsUseTheCliWording(String opt) {
        var host = HostConfig.builder().securityOpt(List.of(opt)).build();

        assertThatThrownBy(() -> BundleBuilder.confinement(host))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid --security-opt: \"" + opt + "\"");
    }

    @Test
    void explicitMasksReplaceTheDefaults() {
        var confinement = BundleBuilder.confinement(HostConfig.builder()
                .maskedPaths(List.of()).readonlyPaths(List.of("/proc/sys")).build());

        assertThat(confinement.maskedPaths()).isEmpty();
        assertThat(confinement.readonlyPaths()).containsExactly("/proc/sys");
    }
}
