package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.HostConfig;
import io.berth.api.model.RestartPolicy;
import io.berth.common.ConflictException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class ContainerUpdatesTest {
    private static final long MB = 1024 * 1024;

    @Test
    void zeroAndAbsentValuesLeaveTheOldOnes() {
        var current = HostConfig.builder().memory(64 * MB).cpuShares(512L).pidsLimit(10L).build();

        var updated = ContainerUpdates.apply(current, HostConfig.builder().cpuShares(0L).cpuQuota(50_000L).build());

        assertThat(updated.memory()).isEqualTo(64 * MB);
        assertThat(updated.cpuShares()).isEqualTo(512L);
        assertThat(updated.cpuQuota()).isEqualTo(50_000L);
        assertThat(updated.pidsLimit()).isEqualTo(10L);
    }

    @Test
    void memoryAboveTheRecordedSwapNeedsANewSwap() {
        var current = HostConfig.builder().memory(64 * MB).build(); // swap recorded as twice the memory

        assertThatThrownBy(() -> ContainerUpdates.apply(current, HostConfig.builder().memory(200 * MB).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Memory limit should be smaller than already set memoryswap limit, update the "
                        + "memoryswap at the same time");
        assertThat(ContainerUpdates.apply(current, HostConfig.builder().memory(100 * MB).build()).memory())
                .isEqualTo(100 * MB);
        assertThat(ContainerUpdates.apply(current, HostConfig.builder().memory(200 * MB).memorySwap(-1L).build())
                .memorySwap()).isEqualTo(-1L);
    }

    @Test
    void nanoCpusAndAQuotaExcludeEachOther() {
        var withCpus = HostConfig.builder().nanoCpus(500_000_000L).build();

        assertThatThrownBy(() -> ContainerUpdates.apply(withCpus, HostConfig.builder().cpuQuota(20_000L).build()))
                .hasMessage("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        assertThatThrownBy(() -> ContainerUpdates.apply(HostConfig.builder().cpuPeriod(100_000L).build(),
                HostConfig.builder().nanoCpus(1_000_000_000L).build()))
                .hasMessage("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
    }

    @Test
    void theRestartPolicyChangesUnlessTheContainerIsRemovedOnExit() {
        var always = RestartPolicy.builder().name("always").maximumRetryCount(0L).build();

        assertThat(ContainerUpdates.apply(HostConfig.builder().build(), HostConfig.builder().restartPolicy(always)
                .build()).restartPolicy()).isEqualTo(always);
        assertThatThrownBy(() -> ContainerUpdates.apply(HostConfig.builder().autoRemove(true).build(),
                HostConfig.builder().restartPolicy(always).build()))
                .hasMessage("Restart policy cannot be updated because AutoRemove is enabled for the container");
        var empty = RestartPolicy.builder().name("").maximumRetryCount(0L).build();
        assertThat(ContainerUpdates.apply(HostConfig.builder().restartPolicy(always).build(),
                HostConfig.builder().restartPolicy(empty).build()).restartPolicy()).isEqualTo(always);
    }

    @Test
    void onlyChangedLimitsGoToTheRuntime() {
        var before = HostConfig.builder().memory(64 * MB).pidsLimit(10L).build();
        var after = ContainerUpdates.apply(before, HostConfig.builder().nanoCpus(500_000_000L).build());
        var warnings = new ArrayList<String>();

        var live = ContainerUpdates.liveResources(before, after, warnings).orElseThrow();

        assertThat(live.memory()).isNull();
        assertThat(live.pids()).isNull();
        assertThat(live.cpu().quota()).isEqualTo(50_000L);
        assertThat(live.cpu().period()).isEqualTo(100_000L);
        assertThat(warnings).isEmpty();
        assertThat(ContainerUpdates.liveResources(before, before, warnings)).isEmpty();
    }

    @Test
    void liftingThePidsLimitWaitsForTheNextStart() {
        var before = HostConfig.builder().pidsLimit(10L).build();
        var warnings = new ArrayList<String>();

        var live = ContainerUpdates.liveResources(before, HostConfig.builder().pidsLimit(-1L).build(), warnings);

        assertThat(live).isEmpty();
        assertThat(warnings).singleElement().asString().contains("pids limit");
    }
}
