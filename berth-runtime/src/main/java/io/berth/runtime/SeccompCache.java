package io.berth.runtime;

import io.berth.common.AtomicFiles;
import io.berth.common.Digest;
import io.berth.common.Json;
import io.berth.runtime.oci.OciSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * crun compiles the seccomp profile into BPF at every create (≈15 ms for Docker's default profile
 * on these machines) and leaves the result in its state directory. Berth keeps that BPF, keyed by
 * the profile's JSON and the runtime's version, and hands it back to later creates through crun's
 * {@code run.oci.seccomp_bpf_data} annotation, so each profile is compiled once per boot. The
 * profile stays in {@code linux.seccomp} as well, so the spec is complete for any runtime.
 *
 * <pre>&lt;exec-root&gt;/seccomp-cache/&lt;sha256 of runtime version + profile JSON&gt;.bpf</pre>
 */
final class SeccompCache {
    static final String ANNOTATION = "run.oci.seccomp_bpf_data";

    private final Path dir;
    private final String runtimeVersion;

    SeccompCache(Path dir, String runtimeVersion) {
        this.dir = dir;
        this.runtimeVersion = runtimeVersion;
    }

    static Optional<String> key(OciSpec spec, String runtimeVersion) {
        if (spec.linux() == null || spec.linux().seccomp() == null) {
            return Optional.empty();
        }
        byte[] json = Json.writeBytes(spec.linux().seccomp());
        byte[] version = runtimeVersion.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[version.length + 1 + json.length];
        System.arraycopy(version, 0, all, 0, version.length);
        System.arraycopy(json, 0, all, version.length + 1, json.length);
        return Optional.of(Digest.sha256(all).encoded());
    }

    /** The spec with the cached BPF attached, when there is one for its profile. */
    OciSpec withCachedFilter(OciSpec spec) {
        var key = key(spec, runtimeVersion);
        if (key.isEmpty()) {
            return spec;
        }
        Path file = dir.resolve(key.get() + ".bpf");
        if (!Files.isRegularFile(file)) {
            return spec;
        }
        try {
            var annotations = new LinkedHashMap<String, String>();
            if (spec.annotations() != null) {
                annotations.putAll(spec.annotations());
            }
            annotations.put(ANNOTATION, Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            return new OciSpec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(), spec.domainname(),
                    spec.mounts(), spec.linux(), annotations);
        } catch (IOException e) {
            return spec;
        }
    }

    /** After a create that compiled the profile: keep crun's BPF for the next container. */
    void remember(OciSpec spec, Path runtimeStateDir) {
        if (spec.annotations() != null && spec.annotations().containsKey(ANNOTATION)) {
            return;
        }
        var key = key(spec, runtimeVersion);
        Path compiled = runtimeStateDir.resolve("seccomp.bpf");
        if (key.isEmpty() || !Files.isRegularFile(compiled)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            AtomicFiles.replace(dir.resolve(key.get() + ".bpf"), Files.readAllBytes(compiled));
        } catch (IOException | RuntimeException e) {
            // only a cache: the next create compiles again
        }
    }
}
