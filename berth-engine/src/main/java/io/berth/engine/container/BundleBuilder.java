package io.berth.engine.container;

import io.berth.api.model.HostConfig;
import io.berth.common.InvalidArgumentException;
import io.berth.runtime.oci.BundleSpec;
import io.berth.runtime.oci.DefaultConfinement;
import io.berth.runtime.oci.OciSpec;
import io.berth.runtime.oci.Seccomp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Translates a container's Docker configuration into runtime terms ({@link BundleSpec}). */
final class BundleBuilder {
    static final long MIN_MEMORY = 6L * 1024 * 1024;
    private static final long CPU_PERIOD = 100_000;

    /** Where {@code --init}'s init is mounted in the container (Docker's path for its docker-init). */
    static final String INIT_PATH = "/sbin/docker-init";
    private static final List<Path> INIT_BINARIES = List.of(Path.of("/usr/bin/catatonit"),
            Path.of("/usr/libexec/podman/catatonit"), Path.of("/usr/bin/tini-static"), Path.of("/usr/bin/tini"));

    private BundleBuilder() {}

    /** The host's init for {@code --init}: Debian's catatonit (or tini). */
    static Path initBinary() {
        return INIT_BINARIES.stream().filter(java.nio.file.Files::isExecutable).findFirst()
                .orElseThrow(() -> new InvalidArgumentException(
                        "exec: \"docker-init\": executable file not found in $PATH (install catatonit)"));
    }

    /** What the start decided besides the container's own record. */
    record Context(Path rootfs, Path bundleDir, ProcessUser user, BundleSpec.NetworkNamespace network,
                   String hostname, List<OciSpec.Mount> mounts, Optional<String> rootfsPropagation) {
        Context {
            mounts = List.copyOf(mounts);
        }

        Context(Path rootfs, Path bundleDir, ProcessUser user, BundleSpec.NetworkNamespace network, String hostname) {
            this(rootfs, bundleDir, user, network, hostname, List.of(), Optional.empty());
        }
    }

    static BundleSpec build(Container c, Context context) {
        var config = c.config();
        var host = c.hostConfig();
        var env = new ArrayList<String>();
        boolean hasPath = config.env() != null && config.env().stream().anyMatch(e -> e.startsWith("PATH="));
        if (!hasPath) {
            env.add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        }
        env.add("HOSTNAME=" + context.hostname());
        if (c.tty()) {
            env.add("TERM=xterm");
        }
        if (config.env() != null) {
            env.addAll(config.env());
        }
        if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
            env.add("HOME=" + context.user().home());
        }
        String cwd = config.workingDir() == null || config.workingDir().isEmpty() ? "/" : config.workingDir();
        var argv = new ArrayList<String>();
        boolean init = Boolean.TRUE.equals(host.init());
        if (init) {
            // --init: catatonit is PID 1, reaps zombies and forwards signals to the command (Docker's docker-init)
            argv.add(INIT_PATH);
            argv.add("--");
        }
        argv.add(c.path());
        argv.addAll(c.args());
        Optional<OciSpec.ConsoleSize> console = Optional.empty();
        if (host.consoleSize() != null && host.consoleSize().size() == 2 && host.consoleSize().get(0) > 0) {
            console = Optional.of(new OciSpec.ConsoleSize(host.consoleSize().get(0).intValue(),
                    host.consoleSize().get(1).intValue()));
        }
        var process = new BundleSpec.ProcessSpec(argv, env, cwd, context.user().uid(), context.user().gid(),
                context.user().additionalGids(), c.tty(), console,
                host.oomScoreAdj() == null ? 0 : host.oomScoreAdj().intValue());

        var mounts = new ArrayList<OciSpec.Mount>();
        boolean readonly = Boolean.TRUE.equals(host.readonlyRootfs());
        for (String file : List.of("hostname", "hosts", "resolv.conf")) {
            String destination = "/etc/" + file;
            if (context.mounts().stream().anyMatch(m -> m.destination().equals(destination))) {
                continue; // the user's own file, as in Docker
            }
            // with a read-only root these are read-only too, as Docker makes them
            mounts.add(new OciSpec.Mount(destination, "bind", context.bundleDir().resolve(file).toString(),
                    readonly ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate")));
        }
        mounts.addAll(context.mounts());
        if (init) {
            mounts.add(new OciSpec.Mount(INIT_PATH, "bind", initBinary().toString(),
                    List.of("rbind", "rprivate", "ro", "nosuid", "nodev")));
        }
        // shallow before deep, so that a mount at /etc does not hide /etc/hosts (Docker sorts them all)
        mounts.sort(java.util.Comparator.comparingInt(m -> (int) m.destination().chars().filter(ch -> ch == '/').count()));
        var annotations = new LinkedHashMap<String, String>();
        annotations.put("io.berth.container.name", c.name());
        return new BundleSpec(process, context.rootfs(), readonly, context.hostname(),
                config.domainname(), mounts, context.network(), limits(host), confinement(host), c.cgroupsPath(),
                host.sysctls() == null ? Map.of() : host.sysctls(), annotations, context.rootfsPropagation());
    }

    /** Validates resource settings as Docker does at create time. */
    static void validate(HostConfig host, int cpus) {
        long memory = value(host.memory());
        if (memory != 0 && memory < MIN_MEMORY) {
            throw new InvalidArgumentException("Minimum memory limit allowed is 6MB");
        }
        long swap = value(host.memorySwap());
        if (memory > 0 && swap > 0 && swap < memory) {
            throw new InvalidArgumentException(
                    "Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (memory == 0 && swap > 0) {
            throw new InvalidArgumentException("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        long nano = value(host.nanoCpus());
        if (nano > 0 && value(host.cpuPeriod()) > 0) {
            throw new InvalidArgumentException("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (nano > 0 && value(host.cpuQuota()) > 0) {
            throw new InvalidArgumentException("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        if (nano < 0 || nano > (long) cpus * 1_000_000_000L) {
            throw new InvalidArgumentException("Range of CPUs is from 0.01 to " + cpus + ".00, as there are only "
                    + cpus + " CPUs available");
        }
        if (nano != 0 && nano < 10_000_000L) {
            throw new InvalidArgumentException("Range of CPUs is from 0.01 to " + cpus + ".00, as there are only "
                    + cpus + " CPUs available");
        }
        long quota = value(host.cpuQuota());
        if (quota > 0 && quota < 1000) { // -1 is unlimited
            throw new InvalidArgumentException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        long period = value(host.cpuPeriod());
        if (period != 0 && (period < 1000 || period > 1_000_000)) {
            throw new InvalidArgumentException("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        long shares = value(host.cpuShares());
        if (shares < 0) {
            throw new InvalidArgumentException("invalid CPU shares: " + shares);
        }
        confinement(host); // rejects bad capabilities and security options early
    }

    static BundleSpec.ResourceLimits limits(HostConfig host) {
        long memory = value(host.memory());
        long swap = value(host.memorySwap());
        Optional<Long> memoryLimit = memory > 0 ? Optional.of(memory) : Optional.empty();
        Optional<Long> swapLimit = Optional.empty();
        if (memory > 0) {
            if (swap == -1) {
                swapLimit = Optional.of(-1L);
            } else if (swap > 0) {
                swapLimit = Optional.of(swap);
            } else {
                swapLimit = Optional.of(memory * 2);
            }
        }
        long reservation = value(host.memoryReservation());
        long nano = value(host.nanoCpus());
        Optional<Long> quota = value(host.cpuQuota()) != 0 ? Optional.of(value(host.cpuQuota())) : Optional.empty();
        Optional<Long> period = value(host.cpuPeriod()) != 0 ? Optional.of(value(host.cpuPeriod())) : Optional.empty();
        if (nano > 0) {
            period = Optional.of(CPU_PERIOD);
            quota = Optional.of(nano * CPU_PERIOD / 1_000_000_000L);
        }
        long shares = value(host.cpuShares());
        long pids = value(host.pidsLimit());
        return new BundleSpec.ResourceLimits(memoryLimit, swapLimit,
                reservation > 0 ? Optional.of(reservation) : Optional.empty(),
                shares > 0 ? Optional.of(shares) : Optional.empty(), quota, period,
                blank(host.cpusetCpus()) ? Optional.empty() : Optional.of(host.cpusetCpus()),
                blank(host.cpusetMems()) ? Optional.empty() : Optional.of(host.cpusetMems()),
                pids > 0 ? Optional.of(pids) : Optional.empty());
    }

    static BundleSpec.Confinement confinement(HostConfig host) {
        boolean privileged = Boolean.TRUE.equals(host.privileged());
        var available = DefaultConfinement.hostCapabilities();
        List<String> caps = privileged ? available
                : DefaultConfinement.capabilities(orEmpty(host.capAdd()), orEmpty(host.capDrop())).stream()
                        .filter(available::contains).toList();
        boolean noNewPrivileges = false;
        Optional<OciSpec.Seccomp> seccomp = Optional.of(Seccomp.dockerDefault(caps));
        for (String opt : orEmpty(host.securityOpt())) {
            String key = opt;
            String value = "";
            int sep = indexOfSeparator(opt);
            if (sep >= 0) {
                key = opt.substring(0, sep);
                value = opt.substring(sep + 1);
            }
            if (value.isEmpty() && !opt.equals("no-new-privileges")) {
                // only no-new-privileges may go without a value, as the docker CLI checks
                throw new InvalidArgumentException("Invalid --security-opt: \"" + opt + "\"");
            }
            switch (key) {
                case "no-new-privileges" -> noNewPrivileges = value.isEmpty() || goBool(value, opt);
                case "seccomp" -> {
                    if (value.equals("unconfined")) {
                        seccomp = Optional.empty();
                    } else if (value.isEmpty() || value.equals("builtin")) {
                        seccomp = Optional.of(Seccomp.dockerDefault(caps));
                    } else {
                        seccomp = Optional.of(Seccomp.fromDockerProfile(value, caps));
                    }
                }
                case "apparmor", "label", "systempaths", "mask", "unmask" -> { }
                default -> throw new InvalidArgumentException("Invalid --security-opt: \"" + opt + "\"");
            }
        }
        List<String> masked = host.maskedPaths() != null ? host.maskedPaths() : DefaultConfinement.MASKED_PATHS;
        List<String> readonly = host.readonlyPaths() != null ? host.readonlyPaths() : DefaultConfinement.READONLY_PATHS;
        return new BundleSpec.Confinement(privileged, caps, seccomp, noNewPrivileges, masked, readonly);
    }

    /** Go's strconv.ParseBool, which Docker uses for {@code no-new-privileges=}. */
    private static boolean goBool(String value, String opt) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new InvalidArgumentException("Invalid --security-opt: \"" + opt + "\"");
        };
    }

    private static int indexOfSeparator(String opt) {
        int eq = opt.indexOf('=');
        int colon = opt.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        if (colon < 0) {
            return eq;
        }
        return Math.min(eq, colon);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static long value(Long n) {
        return n == null ? 0 : n;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
