package io.berth.engine.exec;

import io.berth.engine.container.ProcessUser;
import io.berth.runtime.oci.OciSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI process an exec runs, as Docker builds it: the container's own process (its
 * capabilities, no-new-privileges, rlimits, OOM score, AppArmor profile) with the exec's command,
 * environment, working directory, user and terminal.
 */
final class ExecProcessSpec {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ExecProcessSpec() {}

    /** What the exec takes from its container besides the container's OCI process. */
    record ContainerSide(OciSpec.Process process, List<String> env, String hostname, String workingDir) {
        ContainerSide {
            env = List.copyOf(env);
        }
    }

    /**
     * @param user the exec's user (or the container's), resolved in the container's /etc/passwd
     * @param consoleSize the size for the terminal, if the exec has one and the client said
     * @param allCapabilities what {@code --privileged} grants
     */
    static OciSpec.Process build(ContainerSide container, ExecRequest exec, ProcessUser user,
                                 Optional<OciSpec.ConsoleSize> consoleSize, List<String> allCapabilities) {
        OciSpec.Process base = container.process();
        var env = new ArrayList<>(environment(container, exec));
        if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
            env.add("HOME=" + user.home());
        }
        String cwd = !exec.workingDir().isEmpty() ? exec.workingDir()
                : container.workingDir() != null && !container.workingDir().isEmpty() ? container.workingDir() : "/";
        var capabilities = exec.privileged() ? OciSpec.Capabilities.of(allCapabilities) : base.capabilities();
        return new OciSpec.Process(
                exec.tty(),
                exec.tty() ? consoleSize.orElse(null) : null,
                new OciSpec.User(user.uid(), user.gid(), base.user() == null ? null : base.user().umask(),
                        user.additionalGids().isEmpty() ? null : user.additionalGids()),
                exec.cmd(),
                env,
                cwd,
                capabilities,
                base.rlimits(),
                base.noNewPrivileges(),
                base.oomScoreAdj(),
                base.apparmorProfile());
    }

    /**
     * Docker's exec environment: {@code PATH} (the default), {@code HOSTNAME}, {@code TERM=xterm} with
     * a terminal, overridden by the container's environment, then by the exec's; an exec entry
     * without {@code =} unsets the variable.
     */
    static List<String> environment(ContainerSide container, ExecRequest exec) {
        var base = new ArrayList<String>();
        base.add(DEFAULT_PATH);
        base.add("HOSTNAME=" + container.hostname());
        if (exec.tty()) {
            base.add("TERM=xterm");
        }
        return replaceOrAppend(replaceOrAppend(base, container.env()), exec.env());
    }

    /** moby's ReplaceOrAppendEnvValues: same-named entries are replaced in place, others appended, bare names unset. */
    static List<String> replaceOrAppend(List<String> defaults, List<String> overrides) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String entry : defaults) {
            byName.put(name(entry), entry);
        }
        for (String entry : overrides) {
            byName.put(name(entry), entry);
        }
        return byName.values().stream().filter(e -> e.contains("=")).toList();
    }

    private static String name(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
