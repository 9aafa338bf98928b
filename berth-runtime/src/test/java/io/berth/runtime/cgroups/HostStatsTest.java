package io.berth.runtime.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InternalException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostStatsTest {
    private static final String PROC_STAT = """
            cpu  176593 5 24091 982011 1961 7 391 34 11 13
            cpu0 86712 0 10785 494733 306 0 54 13 0 0
            cpu1 89881 5 13305 487278 1654 7 336 21 11 13
            intr 1234
            """;

    @TempDir
    Path tmp;

    @Test
    void systemCpuUsageIsTheFirstSevenFieldsInNanoseconds() {
        long ticks = 176593 + 5 + 24091 + 982011 + 1961 + 7 + 391; // steal, guest and guest_nice left out

        assertThat(HostStats.systemCpuUsage(PROC_STAT)).isEqualTo(ticks * 10_000_000L);
    }

    @Test
    void aProcStatWithoutACpuLineIsAnError() {
        assertThatThrownBy(() -> HostStats.systemCpuUsage("intr 1\n")).isInstanceOf(InternalException.class);
    }

    @Test
    void cpuListsAreCounted() {
        assertThat(HostStats.countCpus("0\n")).isEqualTo(1);
        assertThat(HostStats.countCpus("0-1\n")).isEqualTo(2);
        assertThat(HostStats.countCpus("0-3,6,8-9\n")).isEqualTo(7);
    }

    @Test
    void memTotalIsInBytes() {
        assertThat(HostStats.memTotal("MemTotal:       24683656 kB\nMemFree:        23252088 kB\n"))
                .isEqualTo(24_683_656L * 1024);
    }

    @Test
    void readsFromTheGivenProcAndSys() {
        new FakeTree(tmp).file("proc/stat", PROC_STAT).file("proc/meminfo", "MemTotal: 1024 kB\n")
                .file("sys/devices/system/cpu/online", "0-1\n");

        var host = new HostStats(tmp.resolve("proc"), tmp.resolve("sys"));

        assertThat(host.onlineCpus()).isEqualTo(2);
        assertThat(host.memTotal()).isEqualTo(1_048_576L);
        assertThat(host.systemCpuUsage()).isEqualTo(HostStats.systemCpuUsage(PROC_STAT));
    }

    @Test
    void withoutTheOnlineFileTheJvmsCountIsUsed() {
        var host = new HostStats(tmp.resolve("proc"), tmp.resolve("sys"));

        assertThat(host.onlineCpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(host.memTotal()).isZero();
    }
}
