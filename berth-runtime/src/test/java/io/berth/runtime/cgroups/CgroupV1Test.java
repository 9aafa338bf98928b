package io.berth.runtime.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake v1 tree laid out like this host's, with numbers taken from a busy busybox container. */
class CgroupV1Test {
    private static final String PATH = "/berth/253a48a9951f9692afa7da4955323e74f5f87dbd01d95dce5e7745c9e46dcf1f";
    private static final String DIR = "berth/253a48a9951f9692afa7da4955323e74f5f87dbd01d95dce5e7745c9e46dcf1f/";

    @TempDir
    Path tmp;

    @Test
    void aHostWithoutUnifiedControllersIsV1() {
        new FakeTree(tmp).dir("memory").dir("cpuacct").file("unified/cgroup.controllers", "hugetlb\n");

        assertThat(Cgroups.detect(tmp).version()).isEqualTo(CgroupVersion.V1);
    }

    @Test
    void cpuUsageIsInNanosecondsAndTicksAreConverted() {
        fullTree();

        var cpu = Cgroups.detect(tmp).read(PATH).orElseThrow().cpu();

        assertThat(cpu.total()).isEqualTo(3_283_990_849L);
        assertThat(cpu.perCpu()).containsExactly(126_725_597L, 3_157_265_252L);
        assertThat(cpu.user()).isEqualTo(3_280_000_000L);
        assertThat(cpu.system()).isEqualTo(10_000_000L);
        assertThat(cpu.throttling()).isEqualTo(new CgroupStats.Throttling(12, 3, 45_000_000));
    }

    @Test
    void memoryUsageLimitAndStat() {
        fullTree();

        var memory = Cgroups.detect(tmp).read(PATH).orElseThrow().memory();

        assertThat(memory.usage()).isEqualTo(700_416L);
        assertThat(memory.maxUsage()).isEqualTo(3_956_736L);
        assertThat(memory.limit()).isEqualTo(67_108_864L);
        assertThat(memory.failcnt()).isEqualTo(2L);
        assertThat(memory.stat()).containsEntry("cache", 4096L).containsEntry("total_inactive_file", 8192L)
                .containsEntry("hierarchical_memory_limit", 67_108_864L);
        assertThat(memory.stat().keySet()).startsWith("cache", "rss", "rss_huge");
    }

    @Test
    void pidsAndTheirLimit() {
        fullTree();

        var pids = Cgroups.detect(tmp).read(PATH).orElseThrow().pids();

        assertThat(pids).isEqualTo(new CgroupStats.Pids(2, 100));
    }

    @Test
    void pidsWithoutALimitHaveLimitZero() {
        fullTree().file("pids/" + DIR + "pids.max", "max\n");

        assertThat(Cgroups.detect(tmp).read(PATH).orElseThrow().pids()).isEqualTo(new CgroupStats.Pids(2, 0));
    }

    @Test
    void blkioEntriesPerDeviceAndOperationWithoutTheTotalLine() {
        fullTree();

        var blkio = Cgroups.detect(tmp).read(PATH).orElseThrow().blkio();

        assertThat(blkio.serviceBytes()).containsExactly(
                new CgroupStats.BlkioEntry(8, 0, "Read", 4096),
                new CgroupStats.BlkioEntry(8, 0, "Write", 12288),
                new CgroupStats.BlkioEntry(8, 0, "Sync", 16384),
                new CgroupStats.BlkioEntry(8, 0, "Async", 0),
                new CgroupStats.BlkioEntry(8, 0, "Discard", 0),
                new CgroupStats.BlkioEntry(8, 0, "Total", 16384));
        assertThat(blkio.serviced()).contains(new CgroupStats.BlkioEntry(8, 0, "Read", 1));
    }

    @Test
    void anEmptyBlkioFileHasNoEntries() {
        fullTree().file("blkio/" + DIR + "blkio.throttle.io_service_bytes", "Total 0\n");

        assertThat(Cgroups.detect(tmp).read(PATH).orElseThrow().blkio().serviceBytes()).isEmpty();
    }

    @Test
    void aCgroupThatDoesNotExistReadsAsEmpty() {
        fullTree();

        assertThat(Cgroups.detect(tmp).read("/berth/gone")).isEmpty();
    }

    @Test
    void missingControllersReadAsZero() {
        new FakeTree(tmp).file("memory/" + DIR + "memory.usage_in_bytes", "4096\n");

        var stats = Cgroups.detect(tmp).read(PATH).orElseThrow();

        assertThat(stats.version()).isEqualTo(CgroupVersion.V1);
        assertThat(stats.memory().usage()).isEqualTo(4096);
        assertThat(stats.memory().limit()).isEqualTo(Long.MAX_VALUE);
        assertThat(stats.cpu().total()).isZero();
        assertThat(stats.cpu().perCpu()).isEmpty();
        assertThat(stats.pids()).isEqualTo(new CgroupStats.Pids(0, 0));
        assertThat(stats.blkio().serviceBytes()).isEmpty();
    }

    private FakeTree fullTree() {
        return new FakeTree(tmp)
                .file("cpuacct/" + DIR + "cpuacct.usage", "3283990849\n")
                .file("cpuacct/" + DIR + "cpuacct.usage_percpu", "126725597 3157265252 \n")
                .file("cpuacct/" + DIR + "cpuacct.stat", "user 328\nsystem 1\n")
                .file("cpu/" + DIR + "cpu.stat", "nr_periods 12\nnr_throttled 3\nthrottled_time 45000000\n"
                        + "nr_bursts 0\nburst_time 0\n")
                .file("memory/" + DIR + "memory.usage_in_bytes", "700416\n")
                .file("memory/" + DIR + "memory.max_usage_in_bytes", "3956736\n")
                .file("memory/" + DIR + "memory.limit_in_bytes", "67108864\n")
                .file("memory/" + DIR + "memory.failcnt", "2\n")
                .file("memory/" + DIR + "memory.stat", """
                        cache 4096
                        rss 61440
                        rss_huge 0
                        shmem 0
                        inactive_file 8192
                        hierarchical_memory_limit 67108864
                        hierarchical_memsw_limit 9223372036854771712
                        total_cache 4096
                        total_inactive_file 8192
                        """)
                .file("pids/" + DIR + "pids.current", "2\n")
                .file("pids/" + DIR + "pids.max", "100\n")
                .file("blkio/" + DIR + "blkio.throttle.io_service_bytes", """
                        8:0 Read 4096
                        8:0 Write 12288
                        8:0 Sync 16384
                        8:0 Async 0
                        8:0 Discard 0
                        8:0 Total 16384
                        Total 16384
                        """)
                .file("blkio/" + DIR + "blkio.throttle.io_serviced", """
                        8:0 Read 1
                        8:0 Write 3
                        8:0 Sync 4
                        8:0 Async 0
                        8:0 Discard 0
                        8:0 Total 4
                        Total 4
                        """);
    }
}
