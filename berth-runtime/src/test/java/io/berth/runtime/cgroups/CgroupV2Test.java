package io.berth.runtime.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV2Test {
    private static final String PATH = "/berth/0123abcd";

    @TempDir
    Path tmp;

    @Test
    void aRootWithCgroupControllersIsV2() {
        new FakeTree(tmp).file("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");

        assertThat(Cgroups.detect(tmp).version()).isEqualTo(CgroupVersion.V2);
    }

    @Test
    void cpuStatMicrosecondsBecomeNanoseconds() {
        tree();

        var cpu = Cgroups.detect(tmp).read(PATH).orElseThrow().cpu();

        assertThat(cpu.total()).isEqualTo(2_500_000_000L);
        assertThat(cpu.user()).isEqualTo(2_000_000_000L);
        assertThat(cpu.system()).isEqualTo(500_000_000L);
        assertThat(cpu.perCpu()).isEmpty();
        assertThat(cpu.throttling()).isEqualTo(new CgroupStats.Throttling(10, 2, 7_000_000));
    }

    @Test
    void memoryCurrentMaxAndStat() {
        tree();

        var memory = Cgroups.detect(tmp).read(PATH).orElseThrow().memory();

        assertThat(memory.usage()).isEqualTo(1_048_576L);
        assertThat(memory.limit()).isEqualTo(67_108_864L);
        assertThat(memory.maxUsage()).isZero();
        assertThat(memory.stat()).containsEntry("inactive_file", 4096L).containsEntry("anon", 520_192L);
    }

    @Test
    void memoryMaxIsNoLimit() {
        tree().file("berth/0123abcd/memory.max", "max\n");

        assertThat(Cgroups.detect(tmp).read(PATH).orElseThrow().memory().limit()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void pids() {
        tree();

        assertThat(Cgroups.detect(tmp).read(PATH).orElseThrow().pids()).isEqualTo(new CgroupStats.Pids(3, 0));
    }

    @Test
    void ioStatBecomesReadAndWriteEntries() {
        tree();

        var blkio = Cgroups.detect(tmp).read(PATH).orElseThrow().blkio();

        assertThat(blkio.serviceBytes()).containsExactly(
                new CgroupStats.BlkioEntry(8, 0, "read", 1_000),
                new CgroupStats.BlkioEntry(8, 0, "write", 2_000),
                new CgroupStats.BlkioEntry(253, 1, "read", 30),
                new CgroupStats.BlkioEntry(253, 1, "write", 0));
        assertThat(blkio.serviced()).containsExactly(
                new CgroupStats.BlkioEntry(8, 0, "read", 3),
                new CgroupStats.BlkioEntry(8, 0, "write", 4),
                new CgroupStats.BlkioEntry(253, 1, "read", 1),
                new CgroupStats.BlkioEntry(253, 1, "write", 0));
    }

    @Test
    void aCgroupThatDoesNotExistReadsAsEmpty() {
        tree();

        assertThat(Cgroups.detect(tmp).read("/berth/gone")).isEmpty();
    }

    private FakeTree tree() {
        return new FakeTree(tmp)
                .file("cgroup.controllers", "cpuset cpu io memory pids\n")
                .file("berth/0123abcd/cpu.stat", """
                        usage_usec 2500000
                        user_usec 2000000
                        system_usec 500000
                        nr_periods 10
                        nr_throttled 2
                        throttled_usec 7000
                        """)
                .file("berth/0123abcd/memory.current", "1048576\n")
                .file("berth/0123abcd/memory.max", "67108864\n")
                .file("berth/0123abcd/memory.stat", "anon 520192\nfile 8192\ninactive_file 4096\n")
                .file("berth/0123abcd/pids.current", "3\n")
                .file("berth/0123abcd/pids.max", "max\n")
                .file("berth/0123abcd/io.stat", """
                        8:0 rbytes=1000 wbytes=2000 rios=3 wios=4 dbytes=0 dios=0
                        253:1 rbytes=30 wbytes=0 rios=1 wios=0 dbytes=0 dios=0
                        """);
    }
}
