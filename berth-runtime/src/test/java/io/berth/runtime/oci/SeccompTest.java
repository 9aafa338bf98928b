package io.berth.runtime.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeccompTest {
    private static final Seccomp.Host AMD64 = new Seccomp.Host("amd64", new Seccomp.KernelVersion(6, 18));
    private static final List<String> DEFAULT_CAPS = DefaultConfinement.CAPABILITIES;

    @Test
    void defaultProfileDeniesWithEperm() {
        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS, AMD64);

        assertThat(seccomp.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(seccomp.defaultErrnoRet()).isEqualTo(1);
    }

    @Test
    void defaultProfileAllowsTheCommonSyscalls() {
        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS, AMD64);

        assertThat(unconditionallyAllowed(seccomp))
                .contains("read", "write", "openat", "execve", "exit_group", "chroot", "arch_prctl", "modify_ldt");
    }

    @Test
    void defaultProfileAllowsCloneOnlyWithoutNamespaceFlags() {
        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS, AMD64);

        assertThat(unconditionallyAllowed(seccomp)).doesNotContain("clone", "clone3");
        assertThat(rulesFor(seccomp, "clone")).singleElement().satisfies(rule -> {
            assertThat(rule.action()).isEqualTo("SCMP_ACT_ALLOW");
            assertThat(rule.args()).containsExactly(
                    new OciSpec.SyscallArg(0, 2114060288L, null, "SCMP_CMP_MASKED_EQ"));
        });
        assertThat(rulesFor(seccomp, "clone3")).singleElement().satisfies(rule -> {
            assertThat(rule.action()).isEqualTo("SCMP_ACT_ERRNO");
            assertThat(rule.errnoRet()).isEqualTo(38);
        });
    }

    @Test
    void defaultProfileKeepsPrivilegedSyscallsOut() {
        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS, AMD64);

        assertThat(allNames(seccomp)).doesNotContain(
                "mount", "umount2", "init_module", "finit_module", "reboot", "bpf", "setns", "unshare", "acct",
                "open_by_handle_at", "settimeofday", "iopl");
    }

    @Test
    void ptraceNeedsKernel48WithoutCapSysPtrace() {
        var old = new Seccomp.Host("amd64", new Seccomp.KernelVersion(4, 4));

        var onNewKernel = Seccomp.dockerDefault(DEFAULT_CAPS, AMD64);
        var onOldKernel = Seccomp.dockerDefault(DEFAULT_CAPS, old);
        var onOldKernelWithPtrace = Seccomp.dockerDefault(with("CAP_SYS_PTRACE"), old);

        assertThat(unconditionallyAllowed(onNewKernel)).contains("ptrace", "process_vm_readv");
        assertThat(allNames(onOldKernel)).doesNotContain("ptrace", "process_vm_readv");
        assertThat(unconditionallyAllowed(onOldKernelWithPtrace)).contains("ptrace", "process_vm_readv", "kcmp");
    }

    @Test
    void capSysAdminBringsMountAndUnrestrictedClone() {
        var seccomp = Seccomp.dockerDefault(with("CAP_SYS_ADMIN"), AMD64);

        assertThat(unconditionallyAllowed(seccomp))
                .contains("mount", "umount2", "setns", "unshare", "clone", "clone3", "sethostname");
        assertThat(rulesFor(seccomp, "clone")).allSatisfy(rule -> assertThat(rule.args()).isNull());
        assertThat(rulesFor(seccomp, "clone3"))
                .allSatisfy(rule -> assertThat(rule.action()).isEqualTo("SCMP_ACT_ALLOW"));
    }

    @Test
    void capSysModuleBringsModuleLoading() {
        var seccomp = Seccomp.dockerDefault(with("CAP_SYS_MODULE"), AMD64);

        assertThat(unconditionallyAllowed(seccomp)).contains("init_module", "finit_module", "delete_module");
        assertThat(allNames(seccomp)).doesNotContain("mount", "reboot");
    }

    @Test
    void capabilitiesMatchWithoutPrefixAndInAnyCase() {
        var caps = new ArrayList<>(DEFAULT_CAPS);
        caps.add("sys_boot");

        var seccomp = Seccomp.dockerDefault(caps, AMD64);

        assertThat(unconditionallyAllowed(seccomp)).contains("reboot");
    }

    @Test
    void withoutCapSysChrootThereIsNoChroot() {
        var caps = DEFAULT_CAPS.stream().filter(cap -> !cap.equals("CAP_SYS_CHROOT")).toList();

        var seccomp = Seccomp.dockerDefault(caps, AMD64);

        assertThat(allNames(seccomp)).doesNotContain("chroot");
    }

    @Test
    void amd64FiltersNativeAndCompatibilityArchitectures() {
        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS, AMD64);

        assertThat(seccomp.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
    }

    @Test
    void arm64GetsItsOwnArchitecturesAndSyscalls() {
        var arm64 = new Seccomp.Host("arm64", new Seccomp.KernelVersion(6, 1));

        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS, arm64);

        assertThat(seccomp.architectures()).containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
        assertThat(unconditionallyAllowed(seccomp)).contains("set_tls", "cacheflush").doesNotContain("arch_prctl");
    }

    @Test
    void s390xChecksTheSecondArgumentOfClone() {
        var s390x = new Seccomp.Host("s390x", new Seccomp.KernelVersion(6, 1));

        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS, s390x);

        assertThat(seccomp.architectures()).containsExactly("SCMP_ARCH_S390X", "SCMP_ARCH_S390");
        assertThat(rulesFor(seccomp, "clone")).singleElement().satisfies(rule -> assertThat(rule.args())
                .containsExactly(new OciSpec.SyscallArg(1, 2114060288L, null, "SCMP_CMP_MASKED_EQ")));
    }

    @Test
    void unknownArchitectureLeavesTheChoiceToLibseccomp() {
        var sparc = new Seccomp.Host("sparc64", new Seccomp.KernelVersion(6, 1));

        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS, sparc);

        assertThat(seccomp.architectures()).isNull();
    }

    @Test
    void javaArchitectureNamesBecomeGoNames() {
        assertThat(Seccomp.Host.goArch("amd64")).isEqualTo("amd64");
        assertThat(Seccomp.Host.goArch("x86_64")).isEqualTo("amd64");
        assertThat(Seccomp.Host.goArch("aarch64")).isEqualTo("arm64");
        assertThat(Seccomp.Host.goArch("s390x")).isEqualTo("s390x");
    }

    @Test
    void kernelVersionsCompareByMajorAndMinor() {
        var running = Seccomp.KernelVersion.parse("6.18.44-fc-v769");

        assertThat(running).isEqualTo(new Seccomp.KernelVersion(6, 18));
        assertThat(running).isGreaterThan(Seccomp.KernelVersion.parse("4.8"));
        assertThat(Seccomp.KernelVersion.parse("4.10")).isGreaterThan(Seccomp.KernelVersion.parse("4.8"));
        assertThat(Seccomp.KernelVersion.parse("5.0")).isLessThan(running);
    }

    @Test
    void onThisHostTheDefaultProfileIsTranslatedForIt() {
        assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");

        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS);

        assertThat(seccomp.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        assertThat(unconditionallyAllowed(seccomp)).contains("read", "write", "arch_prctl");
    }

    @Test
    void translatedProfileHasNoEmptyLists() {
        var seccomp = Seccomp.dockerDefault(DEFAULT_CAPS, AMD64);

        String json = Json.write(seccomp);

        assertThat(json).doesNotContain("[]", "null");
        assertThat(rulesFor(seccomp, "read")).singleElement().satisfies(rule -> {
            assertThat(rule.args()).isNull();
            assertThat(rule.errnoRet()).isNull();
        });
    }

    @Test
    void customProfileWithArchitecturesListAndLegacyName() {
        String profile = """
                {
                  "defaultAction": "SCMP_ACT_ALLOW",
                  "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                  "syscalls": [
                    {"name": "chmod", "action": "SCMP_ACT_ERRNO", "args": []},
                    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
                    {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
                     "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
                    {"names": ["chown"], "action": "SCMP_ACT_ERRNO", "includes": {"caps": ["SYS_ADMIN"]}},
                    {"names": ["fchown"], "action": "SCMP_ACT_ERRNO", "excludes": {"arches": ["amd64"]}}
                  ]
                }
                """;

        var seccomp = Seccomp.fromDockerProfile(profile, DEFAULT_CAPS, AMD64);

        assertThat(seccomp).isEqualTo(new OciSpec.Seccomp("SCMP_ACT_ALLOW", null,
                List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"),
                List.of(new OciSpec.Syscall(List.of("chmod"), "SCMP_ACT_ERRNO", null, null),
                        new OciSpec.Syscall(List.of("mkdir", "mkdirat"), "SCMP_ACT_ERRNO", 13, null),
                        new OciSpec.Syscall(List.of("personality"), "SCMP_ACT_ERRNO", null,
                                List.of(new OciSpec.SyscallArg(0, 8, 0L, "SCMP_CMP_EQ"))))));
    }

    @Test
    void customProfileWithDefaultErrnoRetAndNoSyscalls() {
        String profile = """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "comment": "deny everything"}
                """;

        var seccomp = Seccomp.fromDockerProfile(profile, DEFAULT_CAPS, AMD64);

        assertThat(seccomp).isEqualTo(new OciSpec.Seccomp("SCMP_ACT_ERRNO", 38, null, null));
    }

    @Test
    void excludedMinKernelDropsTheRuleOnNewerKernels() {
        String profile = """
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                  {"names": ["io_uring_setup"], "action": "SCMP_ACT_ERRNO", "excludes": {"minKernel": "5.1"}},
                  {"names": ["landlock_create_ruleset"], "action": "SCMP_ACT_ERRNO", "includes": {"minKernel": "7.0"}}
                ]}
                """;

        var onNew = Seccomp.fromDockerProfile(profile, DEFAULT_CAPS, AMD64);
        var onOld = Seccomp.fromDockerProfile(profile, DEFAULT_CAPS,
                new Seccomp.Host("amd64", new Seccomp.KernelVersion(4, 19)));

        assertThat(onNew.syscalls()).isNull();
        assertThat(onOld.syscalls()).extracting(OciSpec.Syscall::names).containsExactly(List.of("io_uring_setup"));
    }

    @Test
    void malformedJsonIsRejectedLikeDocker() {
        assertThatThrownBy(() -> Seccomp.fromDockerProfile("{\"defaultAction\": ", DEFAULT_CAPS))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("Decoding seccomp profile failed: ");
        assertThatThrownBy(() -> Seccomp.fromDockerProfile("", DEFAULT_CAPS))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("Decoding seccomp profile failed: ");
        assertThatThrownBy(() -> Seccomp.fromDockerProfile("[1, 2]", DEFAULT_CAPS))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("Decoding seccomp profile failed: ");
    }

    @Test
    void invalidProfilesAreRejected() {
        assertThatThrownBy(() -> Seccomp.fromDockerProfile("{}", DEFAULT_CAPS))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Decoding seccomp profile failed: defaultAction is missing");
        assertThatThrownBy(() -> Seccomp.fromDockerProfile("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": null}]}
                """, DEFAULT_CAPS))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("use either 'architectures' or 'archMap'");
        assertThatThrownBy(() -> Seccomp.fromDockerProfile("""
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"name": "a", "names": ["b"], "action": "SCMP_ACT_LOG"}]}
                """, DEFAULT_CAPS))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Decoding seccomp profile failed: use either 'name' or 'names'");
        assertThatThrownBy(() -> Seccomp.fromDockerProfile("""
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["a"], "action": "SCMP_ACT_LOG", "includes": {"minKernel": "four"}}]}
                """, DEFAULT_CAPS))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Decoding seccomp profile failed: invalid kernel version four, expected <kernel>.<major>");
        assertThatThrownBy(() -> Seccomp.fromDockerProfile("""
                {"defaultAction": "SCMP_ACT_MAYBE"}
                """, DEFAULT_CAPS))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Decoding seccomp profile failed: unknown action SCMP_ACT_MAYBE");
        assertThatThrownBy(() -> Seccomp.fromDockerProfile("""
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["a"], "action": "SCMP_ACT_LOG",
                               "args": [{"index": 0, "value": 1, "op": "LIKE"}]}]}
                """, DEFAULT_CAPS))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("unknown operator LIKE");
    }

    private static List<String> with(String capability) {
        var caps = new ArrayList<>(DEFAULT_CAPS);
        caps.add(capability);
        return caps;
    }

    private static List<OciSpec.Syscall> rulesFor(OciSpec.Seccomp seccomp, String name) {
        return Optional.ofNullable(seccomp.syscalls()).orElse(List.of()).stream()
                .filter(rule -> rule.names().contains(name))
                .toList();
    }

    private static List<String> allNames(OciSpec.Seccomp seccomp) {
        return seccomp.syscalls().stream().flatMap(rule -> rule.names().stream()).toList();
    }

    /** Syscalls allowed whatever their arguments. */
    private static List<String> unconditionallyAllowed(OciSpec.Seccomp seccomp) {
        return seccomp.syscalls().stream()
                .filter(rule -> rule.action().equals("SCMP_ACT_ALLOW") && rule.args() == null)
                .flatMap(rule -> rule.names().stream())
                .toList();
    }
}
