package io.berth.runtime.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Docker's seccomp profiles in the OCI form. Docker's profile format
 * ({@code shared/specs/seccomp/docker-default.json}) lists syscalls with conditions on
 * capabilities, architectures and the kernel version; translating means keeping the rules whose
 * conditions hold for this container on this host, as dockerd does before handing the spec to
 * the runtime. The default profile ({@code docker-default-seccomp.json} beside this class) is
 * moby's {@code profiles/seccomp/default.json}, Apache-2.0, copied unchanged.
 */
public final class Seccomp {
    private static final String DEFAULT_PROFILE = "docker-default-seccomp.json";

    private static final Set<String> ACTIONS = Set.of(
            "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
            "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");

    private static final Set<String> OPERATORS = Set.of(
            "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
            "SCMP_CMP_MASKED_EQ");

    private Seccomp() {}

    /** Docker's default profile for a container with these effective capabilities. */
    public static OciSpec.Seccomp dockerDefault(Collection<String> capabilities) {
        return DEFAULTS.computeIfAbsent(java.util.Set.copyOf(capabilities), caps -> dockerDefault(caps, Host.CURRENT));
    }

    /** The default profile per capability set: translated once, reused by every container start. */
    private static final java.util.concurrent.ConcurrentHashMap<java.util.Set<String>, OciSpec.Seccomp> DEFAULTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A profile in Docker's format (the file given to {@code --security-opt seccomp=FILE}). */
    public static OciSpec.Seccomp fromDockerProfile(String json, Collection<String> capabilities) {
        return fromDockerProfile(json, capabilities, Host.CURRENT);
    }

    static OciSpec.Seccomp dockerDefault(Collection<String> capabilities, Host host) {
        return translate(DefaultProfile.PROFILE, capabilities, host);
    }

    static OciSpec.Seccomp fromDockerProfile(String json, Collection<String> capabilities, Host host) {
        return translate(parse(json), capabilities, host);
    }

    private static OciSpec.Seccomp translate(Profile profile, Collection<String> capabilities, Host host) {
        Set<String> caps = capabilities.stream().map(Seccomp::capability).collect(Collectors.toSet());
        var syscalls = new ArrayList<OciSpec.Syscall>();
        for (Rule rule : profile.syscalls()) {
            if (rule.names().isEmpty() || !rule.appliesTo(caps, host)) {
                continue;
            }
            var args = rule.args().stream()
                    .map(arg -> new OciSpec.SyscallArg(arg.index(), arg.value(), arg.valueTwo(), arg.op()))
                    .toList();
            syscalls.add(new OciSpec.Syscall(rule.names(), rule.action(), rule.errnoRet(), nullIfEmpty(args)));
        }
        return new OciSpec.Seccomp(profile.defaultAction(), profile.defaultErrnoRet(),
                nullIfEmpty(profile.architecturesFor(host)), nullIfEmpty(syscalls));
    }

    private static Profile parse(String json) {
        try {
            Profile profile = Json.mapper().readValue(json, Profile.class);
            if (profile == null) {
                throw new InvalidProfile("the profile is empty");
            }
            profile.check();
            return profile;
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("Decoding seccomp profile failed: " + detail(e), e);
        } catch (InvalidProfile e) {
            throw new InvalidArgumentException("Decoding seccomp profile failed: " + e.getMessage(), e);
        }
    }

    /** Our own complaint when a record of the profile refused its content, else Jackson's. */
    private static String detail(JsonProcessingException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidProfile invalid) {
                return invalid.getMessage();
            }
        }
        return e.getOriginalMessage();
    }

    /** {@code sys_admin}, {@code SYS_ADMIN} and {@code CAP_SYS_ADMIN} are the same capability. */
    private static String capability(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list.isEmpty() ? null : list;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** The default profile, parsed once on first use. */
    private static final class DefaultProfile {
        static final Profile PROFILE = load();

        private static Profile load() {
            try (InputStream in = Seccomp.class.getResourceAsStream(DEFAULT_PROFILE)) {
                if (in == null) {
                    throw new InternalException("the default seccomp profile " + DEFAULT_PROFILE + " is missing");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InternalException("reading the default seccomp profile", e);
            }
        }
    }

    /**
     * Where the filter will run: the architecture in Go's naming (what Docker profiles' {@code arches}
     * use: {@code amd64}, {@code arm64}, {@code s390x} …) and the kernel version.
     */
    record Host(String arch, KernelVersion kernel) {
        static final Host CURRENT = new Host(goArch(System.getProperty("os.arch", "")), KernelVersion.running());

        /** The architecture's seccomp name, or null when libseccomp should pick the native one. */
        String seccompArch() {
            return switch (arch) {
                case "amd64" -> "SCMP_ARCH_X86_64";
                case "386" -> "SCMP_ARCH_X86";
                case "arm64" -> "SCMP_ARCH_AARCH64";
                case "arm" -> "SCMP_ARCH_ARM";
                case "ppc64le" -> "SCMP_ARCH_PPC64LE";
                case "ppc64" -> "SCMP_ARCH_PPC64";
                case "s390x" -> "SCMP_ARCH_S390X";
                case "riscv64" -> "SCMP_ARCH_RISCV64";
                case "loong64" -> "SCMP_ARCH_LOONGARCH64";
                case "mips64" -> "SCMP_ARCH_MIPS64";
                case "mips64le" -> "SCMP_ARCH_MIPSEL64";
                case "mips" -> "SCMP_ARCH_MIPS";
                case "mipsle" -> "SCMP_ARCH_MIPSEL";
                default -> null;
            };
        }

        /** Java's {@code os.arch} in Go's naming. */
        static String goArch(String javaArch) {
            return switch (javaArch.toLowerCase(Locale.ROOT)) {
                case "amd64", "x86_64" -> "amd64";
                case "aarch64", "arm64" -> "arm64";
                case "x86", "i386", "i486", "i586", "i686" -> "386";
                case "loongarch64" -> "loong64";
                case "mips64el" -> "mips64le";
                case "mipsel" -> "mipsle";
                case String other -> other;
            };
        }
    }

    /** A kernel version as Docker profiles compare it: {@code major.minor}. */
    record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {
        private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

        /** {@code 4.8}, or a release string such as {@code 6.18.44-fc-v769}. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static KernelVersion parse(String version) {
            var matcher = VERSION.matcher(version.strip());
            if (!matcher.find()) {
                throw new InvalidProfile("invalid kernel version " + version + ", expected <kernel>.<major>");
            }
            try {
                return new KernelVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
            } catch (NumberFormatException e) {
                throw new InvalidProfile("invalid kernel version " + version + ", expected <kernel>.<major>");
            }
        }

        static KernelVersion running() {
            String release;
            try {
                release = Files.readString(Path.of("/proc/sys/kernel/osrelease"));
            } catch (IOException | RuntimeException e) {
                release = System.getProperty("os.version", "0.0");
            }
            try {
                return parse(release);
            } catch (InvalidProfile e) {
                return new KernelVersion(0, 0); // unknown: rules that need a newer kernel stay out
            }
        }

        @Override
        public int compareTo(KernelVersion other) {
            return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
        }
    }

    /** A profile in Docker's format. */
    private record Profile(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                           List<ArchMapping> archMap, List<Rule> syscalls) {
        Profile {
            architectures = orEmpty(architectures);
            archMap = orEmpty(archMap);
            syscalls = orEmpty(syscalls);
        }

        void check() {
            if (defaultAction == null || defaultAction.isBlank()) {
                throw new InvalidProfile("defaultAction is missing");
            }
            checkAction(defaultAction);
            if (!architectures.isEmpty() && !archMap.isEmpty()) {
                throw new InvalidProfile("both 'architectures' and 'archMap' are specified in the seccomp profile, "
                        + "use either 'architectures' or 'archMap'");
            }
            syscalls.forEach(Rule::check);
        }

        /** The listed architectures, or the host's entry of the map with its sub-architectures. */
        List<String> architecturesFor(Host host) {
            if (!architectures.isEmpty()) {
                return architectures;
            }
            String hostArch = host.seccompArch();
            var result = new ArrayList<String>();
            for (ArchMapping mapping : archMap) {
                if (mapping.architecture().equals(hostArch)) {
                    result.add(mapping.architecture());
                    result.addAll(mapping.subArchitectures());
                }
            }
            return result;
        }
    }

    private record ArchMapping(String architecture, List<String> subArchitectures) {
        ArchMapping {
            if (architecture == null) {
                throw new InvalidProfile("an archMap entry has no architecture");
            }
            subArchitectures = orEmpty(subArchitectures);
        }
    }

    /** One entry of {@code syscalls}; {@code name} is the format before {@code names} existed. */
    private record Rule(String name, List<String> names, String action, Integer errnoRet, List<Arg> args,
                        Filter includes, Filter excludes) {
        Rule {
            if (name != null && !name.isEmpty()) {
                if (names != null && !names.isEmpty()) {
                    throw new InvalidProfile("use either 'name' or 'names'");
                }
                names = List.of(name);
            }
            names = orEmpty(names);
            args = orEmpty(args);
            includes = includes == null ? Filter.NONE : includes;
            excludes = excludes == null ? Filter.NONE : excludes;
        }

        void check() {
            if (action == null) {
                throw new InvalidProfile("the rule for " + names + " has no action");
            }
            checkAction(action);
            for (Arg arg : args) {
                if (arg.op() == null || !OPERATORS.contains(arg.op())) {
                    throw new InvalidProfile("unknown operator " + arg.op() + " in the rule for " + names);
                }
            }
        }

        boolean appliesTo(Set<String> caps, Host host) {
            if (excludes.arches().contains(host.arch())
                    || excludes.caps().stream().map(Seccomp::capability).anyMatch(caps::contains)
                    || excludes.minKernel() != null && host.kernel().compareTo(excludes.minKernel()) >= 0) {
                return false;
            }
            return (includes.arches().isEmpty() || includes.arches().contains(host.arch()))
                    && includes.caps().stream().map(Seccomp::capability).allMatch(caps::contains)
                    && (includes.minKernel() == null || host.kernel().compareTo(includes.minKernel()) >= 0);
        }
    }

    private record Arg(int index, long value, Long valueTwo, String op) {}

    /** The conditions of {@code includes} (all must hold) and {@code excludes} (none may hold). */
    private record Filter(List<String> caps, List<String> arches, KernelVersion minKernel) {
        static final Filter NONE = new Filter(null, null, null);

        Filter {
            caps = orEmpty(caps);
            arches = orEmpty(arches);
        }
    }

    private static void checkAction(String action) {
        if (!ACTIONS.contains(action)) {
            throw new InvalidProfile("unknown action " + action);
        }
    }

    /** What is wrong with a profile; {@link #parse} turns it into Docker's error. */
    private static final class InvalidProfile extends RuntimeException {
        InvalidProfile(String message) {
            super(message, null, false, false);
        }
    }
}
