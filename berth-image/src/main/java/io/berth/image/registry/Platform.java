package io.berth.image.registry;

import io.berth.common.InvalidArgumentException;
import io.berth.image.oci.Descriptor;
import java.util.Locale;
import java.util.Optional;

/** An image platform in Go's terms ({@code linux/amd64}, {@code linux/arm64/v8}), as {@code --platform} takes it. */
public record Platform(String os, String architecture, Optional<String> variant) {
    public static final String LINUX = "linux";

    /** Parses {@code os[/arch[/variant]]}; a missing architecture is the host's. */
    public static Platform parse(String text) {
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length > 3 || parts[0].isEmpty() || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw new InvalidArgumentException("\"" + text + "\": unknown operating system or architecture: invalid argument");
        }
        String arch = parts.length > 1 ? normaliseArch(parts[1]) : hostArchitecture();
        Optional<String> variant = parts.length > 2 ? Optional.of(parts[2]) : Optional.empty();
        if (arch.equals("arm64") && variant.equals(Optional.of("v8"))) {
            variant = Optional.empty();
        }
        return new Platform(parts[0], arch, variant);
    }

    public static Platform host() {
        return new Platform(LINUX, hostArchitecture(), Optional.empty());
    }

    static String hostArchitecture() {
        return normaliseArch(System.getProperty("os.arch"));
    }

    private static String normaliseArch(String arch) {
        return switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            default -> arch;
        };
    }

    /** Whether an index entry's platform is this one (a variant is compared only when this one names it). */
    public boolean matches(Descriptor.Platform p) {
        if (p == null || p.os() == null || p.architecture() == null) {
            return false;
        }
        if (!os.equals(p.os()) || !architecture.equals(normaliseArch(p.architecture()))) {
            return false;
        }
        if (variant.isEmpty()) {
            return true;
        }
        String theirs = p.variant() == null ? "" : p.variant();
        return variant.get().equals(theirs) || (architecture.equals("arm64") && theirs.isEmpty() && variant.get().equals("v8"));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
