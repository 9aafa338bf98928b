package io.berth.image.archive;

import io.berth.image.oci.Descriptor;

/** The host's platform in Go's terms, as image configs and indexes name platforms. */
final class Platforms {
    static final String OS = "linux";

    private Platforms() {}

    static String hostArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
    }

    static String host() {
        return OS + "/" + hostArchitecture();
    }

    static boolean matchesHost(Descriptor.Platform platform) {
        return platform != null && OS.equals(platform.os()) && hostArchitecture().equals(platform.architecture());
    }

    static String describe(Descriptor.Platform platform) {
        if (platform == null) {
            return "unknown";
        }
        String text = platform.os() + "/" + platform.architecture();
        return platform.variant() == null || platform.variant().isEmpty() ? text : text + "/" + platform.variant();
    }
}
