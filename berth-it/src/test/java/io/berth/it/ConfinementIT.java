package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.HostConfig;
import io.berth.api.model.WaitCondition;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Docker's default confinement and the flags that change it, checked from inside real containers. */
@RequiresRoot
class ConfinementIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private record Result(int code, String out, String err) {}

    private static Result run(UnaryOperator<HostConfig.Builder> host, String script) {
        var client = berthd.client();
        String id = client.containers().create(Optional.empty(),
                Containers.request("busybox", List.of("sh", "-c", script), host)).id();
        client.containers().start(id);
        int code = client.containers().await(id, WaitCondition.NOT_RUNNING).statusCode().intValue();
        var logs = Containers.logs(client, id);
        return new Result(code, logs.stdout(), logs.stderr());
    }

    @Test
    void aDefaultContainerCannotMountOrLoadModules() {
        var result = run(h -> h, "mount -t tmpfs none /tmp && echo mounted; insmod /nonexistent.ko; "
                + "echo caps=$(grep CapEff /proc/self/status | tr -s '\\t ' ' ')");

        assertThat(result.out()).doesNotContain("mounted");
        assertThat(result.err()).containsIgnoringCase("permission denied");
        assertThat(result.err()).contains("insmod");
        assertThat(result.out()).contains("caps=CapEff: 00000000a80425fb");
    }

    @Test
    void procAndSysAreMaskedAndReadOnly() {
        var result = run(h -> h, "grep -c ' /proc/timer_list ' /proc/self/mounts; wc -c < /proc/timer_list; "
                + "echo 1 > /proc/sys/kernel/domainname && echo wrote-proc; "
                + "touch /sys/berth-test && echo wrote-sys; echo done");
        var privileged = run(h -> h.privileged(true), "grep -c ' /proc/timer_list ' /proc/self/mounts");

        assertThat(result.out()).startsWith("1\n0\n").contains("done").doesNotContain("wrote-proc", "wrote-sys");
        assertThat(privileged.out()).startsWith("0\n");
    }

    @Test
    void seccompBlocksWhatTheDefaultProfileDenies() {
        var result = run(h -> h, "unshare -U true && echo unshared; grep Seccomp: /proc/self/status");
        var unconfined = run(h -> h.securityOpt(List.of("seccomp=unconfined")), "grep Seccomp: /proc/self/status");

        assertThat(result.out()).doesNotContain("unshared").contains("Seccomp:\t2");
        assertThat(unconfined.out()).contains("Seccomp:\t0");
    }

    @Test
    void privilegedSeesHostDevicesAndHasAllCapabilities() {
        var host = Files.exists(Path.of("/dev/vda")) ? "/dev/vda" : "/dev/null";

        var privileged = run(h -> h.privileged(true), "ls " + host + " && mount -t tmpfs none /tmp && echo mounted");
        var plain = run(h -> h, "ls " + host);

        assertThat(privileged.code()).isZero();
        assertThat(privileged.out()).contains(host).contains("mounted");
        if (!host.equals("/dev/null")) {
            assertThat(plain.code()).isNotZero();
        }
    }

    @Test
    void capAddAndCapDropChangeTheSet() {
        var added = run(h -> h.capAdd(List.of("SYS_ADMIN")).securityOpt(List.of("seccomp=unconfined")),
                "mount -t tmpfs none /tmp && echo mounted");
        var dropped = run(h -> h.capDrop(List.of("CHOWN")), "chown 1:1 /tmp && echo chowned");

        assertThat(added.out()).contains("mounted");
        assertThat(dropped.out()).doesNotContain("chowned");
    }

    @Test
    void readOnlyRootfsNoNewPrivilegesAndUser() {
        var readOnly = run(h -> h.readonlyRootfs(true), "touch /x && echo wrote; echo done");
        var nnp = run(h -> h.securityOpt(List.of("no-new-privileges")), "grep NoNewPrivs /proc/self/status");
        var client = berthd.client();
        var request = Containers.request("busybox", List.of("id"), h -> h);
        request = new io.berth.api.model.ContainerCreateRequest(request.config().toBuilder().user("nobody").build(),
                request.hostConfig(), request.networkingConfig());
        String id = client.containers().create(Optional.empty(), request).id();
        client.containers().start(id);
        client.containers().await(id, WaitCondition.NOT_RUNNING);

        assertThat(readOnly.out()).doesNotContain("wrote").contains("done");
        assertThat(readOnly.err()).contains("Read-only file system");
        assertThat(nnp.out()).contains("NoNewPrivs:\t1");
        assertThat(Containers.logs(client, id).stdout()).startsWith("uid=65534(nobody) gid=65534(nogroup)");
    }

    @Test
    void limitsReachTheCgroup() {
        var result = run(h -> h.memory(64L * 1024 * 1024).pidsLimit(42L).nanoCpus(500_000_000L),
                "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max "
                        + "/sys/fs/cgroup/cpu/cpu.cfs_quota_us");

        assertThat(result.out().lines().toList()).containsExactly("67108864", "42", "50000");
    }

    @Test
    void aSeccompProfileFromAFileIsApplied(@TempDir Path dir) throws Exception {
        String profile = """
                {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO"}]}
                """;

        var result = run(h -> h.securityOpt(List.of("seccomp=" + profile)), "mkdir /tmp/x && echo made; echo done");

        assertThat(result.out()).doesNotContain("made").contains("done");
    }
}
