package io.berth.runtime.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.berth.common.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every generated spec must be a valid {@code config.json} by the OCI runtime-spec's own JSON
 * schema (copied into {@code src/test/resources/oci-runtime-spec/}), and carry Docker's defaults.
 */
class SpecGeneratorTest {
    private static final Schema CONFIG_SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
            .getSchema(SchemaLocation.of("classpath:oci-runtime-spec/config-schema.json"));

    private static final OciSpec.DeviceRule DENY_ALL = new OciSpec.DeviceRule(false, null, null, null, "rwm");

    @Test
    void defaultContainer() {
        var bundle = bundle(draft -> { });

        var spec = generateValid(bundle);

        assertThat(spec.ociVersion()).isEqualTo(OciSpec.VERSION);
        assertThat(spec.root()).isEqualTo(new OciSpec.Root("/var/lib/berth/containers/c1/rootfs", null));
        assertThat(spec.hostname()).isEqualTo("c1");
        assertThat(spec.process().args()).containsExactly("sh", "-c", "echo hello");
        assertThat(spec.process().terminal()).isFalse();
        assertThat(spec.process().consoleSize()).isNull();
        assertThat(spec.process().user()).isEqualTo(new OciSpec.User(0, 0, null, null));
        assertThat(spec.process().noNewPrivileges()).isNull();
        var caps = spec.process().capabilities();
        assertThat(caps.bounding()).containsExactlyElementsOf(DefaultConfinement.CAPABILITIES);
        assertThat(caps.effective()).containsExactlyElementsOf(DefaultConfinement.CAPABILITIES);
        assertThat(caps.permitted()).containsExactlyElementsOf(DefaultConfinement.CAPABILITIES);
        assertThat(caps.inheritable()).isEmpty();
        assertThat(caps.ambient()).isEmpty();
        assertThat(spec.mounts()).extracting(OciSpec.Mount::destination)
                .containsExactly("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm");
        assertThat(mount(spec, "/sys").options()).contains("ro");
        var linux = spec.linux();
        assertThat(linux.namespaces()).containsExactly(
                new OciSpec.Namespace("pid", null), new OciSpec.Namespace("ipc", null),
                new OciSpec.Namespace("uts", null), new OciSpec.Namespace("mount", null),
                new OciSpec.Namespace("network", "/run/berth/netns/c1"));
        assertThat(linux.devices()).isNull();
        assertThat(linux.resources().devices()).first().isEqualTo(DENY_ALL);
        assertThat(linux.resources().devices()).contains(new OciSpec.DeviceRule(true, "c", 1L, 3L, "rwm"));
        assertThat(linux.resources().memory()).isNull();
        assertThat(linux.resources().cpu()).isNull();
        assertThat(linux.resources().pids()).isNull();
        assertThat(linux.maskedPaths()).containsExactlyElementsOf(DefaultConfinement.MASKED_PATHS);
        assertThat(linux.readonlyPaths()).containsExactlyElementsOf(DefaultConfinement.READONLY_PATHS);
        assertThat(linux.seccomp().defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(linux.seccomp().syscalls()).isNotEmpty();
        assertThat(linux.cgroupsPath()).isEqualTo("/berth/c1");
        assertThat(linux.sysctl()).isNull();
        assertThat(spec.annotations()).isNull();
    }

    @Test
    void privilegedContainer() {
        var bundle = bundle(draft -> draft.privileged = true);

        var spec = generateValid(bundle);

        var caps = spec.process().capabilities();
        assertThat(caps.bounding()).containsExactlyElementsOf(DefaultConfinement.hostCapabilities());
        assertThat(caps.effective()).containsExactlyElementsOf(DefaultConfinement.hostCapabilities());
        assertThat(caps.permitted()).containsExactlyElementsOf(DefaultConfinement.hostCapabilities());
        var linux = spec.linux();
        assertThat(linux.seccomp()).isNull();
        assertThat(linux.maskedPaths()).isNull();
        assertThat(linux.readonlyPaths()).isNull();
        assertThat(linux.resources().devices()).containsExactly(new OciSpec.DeviceRule(true, null, null, null, "rwm"));
        assertThat(linux.devices()).isNotNull()
                .contains(new OciSpec.Device("c", "/dev/null", 1L, 3L, 0666, 0L, 0L))
                .allSatisfy(device -> assertThat(device.type()).isIn("c", "b"))
                .noneSatisfy(device -> assertThat(device.path()).startsWith("/dev/pts/"));
        assertThat(mount(spec, "/sys").options()).contains("rw").doesNotContain("ro");
        assertThat(mount(spec, "/sys/fs/cgroup").options()).contains("rw").doesNotContain("ro");
    }

    @Test
    void memoryCpuAndPidsLimits() {
        var bundle = bundle(draft -> draft.limits = new BundleSpec.ResourceLimits(
                Optional.of(512L << 20), Optional.of(1L << 30), Optional.of(256L << 20),
                Optional.of(512L), Optional.of(50_000L), Optional.of(100_000L),
                Optional.of("0-1"), Optional.of("0"), Optional.of(100L)));

        var spec = generateValid(bundle);

        var resources = spec.linux().resources();
        assertThat(resources.memory()).isEqualTo(new OciSpec.Memory(512L << 20, 256L << 20, 1L << 30, null, null));
        assertThat(resources.cpu()).isEqualTo(new OciSpec.Cpu(512L, 50_000L, 100_000L, "0-1", "0"));
        assertThat(resources.pids()).isEqualTo(new OciSpec.Pids(100));
        assertThat(resources.devices()).first().isEqualTo(DENY_ALL);
    }

    @Test
    void unlimitedSwapIsMinusOne() {
        var bundle = bundle(draft -> draft.limits = new BundleSpec.ResourceLimits(
                Optional.of(64L << 20), Optional.of(-1L), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(-1L)));

        var spec = generateValid(bundle);

        assertThat(spec.linux().resources().memory().swap()).isEqualTo(-1L);
        assertThat(spec.linux().resources().pids().limit()).isEqualTo(-1L);
    }

    @Test
    void networkNoneGetsAFreshNamespace() {
        var bundle = bundle(draft -> draft.network = new BundleSpec.NetworkNamespace.Fresh());

        var spec = generateValid(bundle);

        assertThat(spec.linux().namespaces()).contains(new OciSpec.Namespace("network", null));
    }

    @Test
    void networkHostSharesTheHostNamespace() {
        var bundle = bundle(draft -> draft.network = new BundleSpec.NetworkNamespace.Host());

        var spec = generateValid(bundle);

        assertThat(spec.linux().namespaces()).extracting(OciSpec.Namespace::type)
                .containsExactly("pid", "ipc", "uts", "mount");
    }

    @Test
    void networkJoinsAnotherContainersNamespace() {
        var netns = Path.of("/proc/4242/ns/net");
        var bundle = bundle(draft -> draft.network = new BundleSpec.NetworkNamespace.Join(netns));

        var spec = generateValid(bundle);

        assertThat(spec.linux().namespaces()).contains(new OciSpec.Namespace("network", "/proc/4242/ns/net"));
    }

    @Test
    void readOnlyRootfs() {
        var bundle = bundle(draft -> draft.readonlyRootfs = true);

        var spec = generateValid(bundle);

        assertThat(spec.root().readonly()).isTrue();
    }

    @Test
    void ttyWithConsoleSize() {
        var bundle = bundle(draft -> {
            draft.terminal = true;
            draft.consoleSize = Optional.of(new OciSpec.ConsoleSize(24, 80));
        });

        var spec = generateValid(bundle);

        assertThat(spec.process().terminal()).isTrue();
        assertThat(spec.process().consoleSize()).isEqualTo(new OciSpec.ConsoleSize(24, 80));
    }

    @Test
    void extraMountsAreAddedAndReplaceDefaults() {
        var data = new OciSpec.Mount("/data", "bind", "/srv/data", List.of("rbind", "rprivate", "ro"));
        var shm = new OciSpec.Mount("/dev/shm", "bind", "/var/lib/berth/containers/c1/shm",
                List.of("rbind", "rprivate"));
        var tmp = new OciSpec.Mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "size=65536k"));
        var bundle = bundle(draft -> draft.extraMounts = List.of(data, shm, tmp));

        var spec = generateValid(bundle);

        assertThat(spec.mounts()).contains(data, shm, tmp);
        assertThat(spec.mounts()).filteredOn(m -> m.destination().equals("/dev/shm")).containsExactly(shm);
    }

    @Test
    void nonRootUserWithAdditionalGroups() {
        var bundle = bundle(draft -> {
            draft.uid = 1000;
            draft.gid = 1000;
            draft.additionalGids = List.of(10L, 20L, 4_000_000_000L);
        });

        var spec = generateValid(bundle);

        assertThat(spec.process().user())
                .isEqualTo(new OciSpec.User(1000, 1000, null, List.of(10L, 20L, 4_000_000_000L)));
    }

    @Test
    void sysctlsAnnotationsAndDomainname() {
        var bundle = bundle(draft -> {
            draft.sysctls = Map.of("net.ipv4.ip_unprivileged_port_start", "0", "net.core.somaxconn", "1024");
            draft.annotations = Map.of("io.berth.container.name", "web");
            draft.domainname = "example.org";
        });

        var spec = generateValid(bundle);

        assertThat(spec.linux().sysctl()).containsExactlyInAnyOrderEntriesOf(
                Map.of("net.ipv4.ip_unprivileged_port_start", "0", "net.core.somaxconn", "1024"));
        assertThat(spec.annotations()).containsEntry("io.berth.container.name", "web");
        assertThat(spec.domainname()).isEqualTo("example.org");
    }

    @Test
    void noNewPrivilegesAndOomScore() {
        var bundle = bundle(draft -> {
            draft.noNewPrivileges = true;
            draft.oomScoreAdj = 500;
        });

        var spec = generateValid(bundle);

        assertThat(spec.process().noNewPrivileges()).isTrue();
        assertThat(spec.process().oomScoreAdj()).isEqualTo(500);
    }

    @Test
    void unconfinedSeccompAndAddedCapabilities() {
        var caps = DefaultConfinement.capabilities(List.of("SYS_ADMIN", "NET_ADMIN"), List.of("MKNOD"));
        var bundle = bundle(draft -> {
            draft.capabilities = caps;
            draft.seccomp = Optional.empty();
        });

        var spec = generateValid(bundle);

        assertThat(spec.linux().seccomp()).isNull();
        assertThat(spec.process().capabilities().bounding()).contains("CAP_SYS_ADMIN", "CAP_NET_ADMIN")
                .doesNotContain("CAP_MKNOD");
    }

    @Test
    void seccompFollowsTheCapabilities() {
        var caps = DefaultConfinement.capabilities(List.of("SYS_ADMIN"), List.of());
        var bundle = bundle(draft -> {
            draft.capabilities = caps;
            draft.seccomp = Optional.of(Seccomp.dockerDefault(caps));
        });

        var spec = generateValid(bundle);

        assertThat(spec.linux().seccomp().syscalls()).flatExtracting(OciSpec.Syscall::names).contains("mount");
    }

    @Test
    void customSeccompProfile() {
        var seccomp = Seccomp.fromDockerProfile("""
                {"defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 1, "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [{"names": ["chmod", "fchmodat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
                               "args": [{"index": 1, "value": 2048, "valueTwo": 2048, "op": "SCMP_CMP_MASKED_EQ"}]}]}
                """, DefaultConfinement.CAPABILITIES);
        var bundle = bundle(draft -> draft.seccomp = Optional.of(seccomp));

        var spec = generateValid(bundle);

        assertThat(spec.linux().seccomp()).isEqualTo(seccomp);
    }

    @Test
    void theSchemaCatchesAWrongSpec() throws JsonProcessingException {
        var tree = Json.mapper().valueToTree(SpecGenerator.generate(bundle(draft -> { })));
        ((ObjectNode) tree.get("process")).put("terminal", "yes");
        ((ObjectNode) tree.get("linux").get("seccomp"))
                .put("defaultAction", "SCMP_ACT_MAYBE");

        var errors = CONFIG_SCHEMA.validate(Json.mapper().writeValueAsString(tree), InputFormat.JSON);

        assertThat(errors).extracting(error -> error.getInstanceLocation().toString())
                .anySatisfy(location -> assertThat(location).contains("terminal"))
                .anySatisfy(location -> assertThat(location).contains("defaultAction"));
    }

    private static OciSpec generateValid(BundleSpec bundle) {
        var spec = SpecGenerator.generate(bundle);

        String json;
        try {
            json = Json.mapper().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        var errors = CONFIG_SCHEMA.validate(json, InputFormat.JSON);
        assertThat(errors).as("schema errors of %s", json).isEmpty();
        return spec;
    }

    private static OciSpec.Mount mount(OciSpec spec, String destination) {
        return spec.mounts().stream().filter(m -> m.destination().equals(destination)).findFirst().orElseThrow();
    }

    private static BundleSpec bundle(Consumer<Draft> changes) {
        var draft = new Draft();
        changes.accept(draft);
        return draft.build();
    }

    /** A default container's {@link BundleSpec}, field by field, for a test to change. */
    private static final class Draft {
        List<String> args = List.of("sh", "-c", "echo hello");
        List<String> env = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=c1");
        String cwd = "/";
        long uid;
        long gid;
        List<Long> additionalGids = List.of();
        boolean terminal;
        Optional<OciSpec.ConsoleSize> consoleSize = Optional.empty();
        int oomScoreAdj;
        boolean readonlyRootfs;
        String domainname = "";
        List<OciSpec.Mount> extraMounts = List.of();
        BundleSpec.NetworkNamespace network = new BundleSpec.NetworkNamespace.Join(Path.of("/run/berth/netns/c1"));
        BundleSpec.ResourceLimits limits = BundleSpec.ResourceLimits.none();
        boolean privileged;
        List<String> capabilities = DefaultConfinement.CAPABILITIES;
        Optional<OciSpec.Seccomp> seccomp = Optional.of(Seccomp.dockerDefault(DefaultConfinement.CAPABILITIES));
        boolean noNewPrivileges;
        Map<String, String> sysctls = Map.of();
        Map<String, String> annotations = Map.of();

        BundleSpec build() {
            var process = new BundleSpec.ProcessSpec(args, env, cwd, uid, gid, new ArrayList<>(additionalGids),
                    terminal, consoleSize, oomScoreAdj);
            var confinement = new BundleSpec.Confinement(privileged, capabilities, seccomp, noNewPrivileges,
                    DefaultConfinement.MASKED_PATHS, DefaultConfinement.READONLY_PATHS);
            return new BundleSpec(process, Path.of("/var/lib/berth/containers/c1/rootfs"), readonlyRootfs, "c1",
                    domainname, extraMounts, network, limits, confinement, "/berth/c1", sysctls, annotations);
        }
    }
}
