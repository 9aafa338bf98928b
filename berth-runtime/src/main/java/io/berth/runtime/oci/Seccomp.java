package io.berth.runtime.oci;

import java.util.Collection;

/**
 * Docker's seccomp profiles in the OCI form. Docker's profile format
 * ({@code shared/specs/seccomp/docker-default.json}) lists syscalls with conditions on
 * capabilities and architectures; translating means keeping the rules whose conditions hold for
 * this container on this host.
 */
public final class Seccomp {
    private Seccomp() {}

    /** Docker's default profile for a container with these effective capabilities. */
    public static OciSpec.Seccomp dockerDefault(Collection<String> capabilities) {
        throw new UnsupportedOperationException("seccomp translation is being written");
    }

    /** A profile in Docker's format (the file given to {@code --security-opt seccomp=FILE}). */
    public static OciSpec.Seccomp fromDockerProfile(String json, Collection<String> capabilities) {
        throw new UnsupportedOperationException("seccomp translation is being written");
    }
}
