package io.berth.image.registry;

import io.berth.common.InvalidArgumentException;
import io.berth.image.ref.ImageRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a registry's API lives: Docker Hub's {@code docker.io} is {@code https://registry-1.docker.io};
 * others are {@code https://HOST}, or {@code http://HOST} when the registry is insecure: daemon.json
 * {@code insecure-registries} (CIDRs or {@code host[:port]}), plus 127.0.0.0/8 and {@code localhost}
 * as Docker has them.
 */
public final class RegistryHosts {
    static final String DOCKER_HUB_API = "registry-1.docker.io";
    private static final List<String> DEFAULT_INSECURE = List.of("127.0.0.0/8");

    private final List<Cidr> insecureNetworks = new ArrayList<>();
    private final List<String> insecureHosts = new ArrayList<>();
    private final boolean loopbackOnly;

    public RegistryHosts(List<String> insecureRegistries) {
        this(insecureRegistries, false);
    }

    /**
     * With {@code loopbackOnly}, registries other than those on 127.0.0.0/8 or {@code localhost} are
     * refused before any lookup or connection (air-gapped hosts, and the test daemons, which must
     * send nothing past the machine).
     */
    public RegistryHosts(List<String> insecureRegistries, boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
        var all = new ArrayList<>(DEFAULT_INSECURE);
        all.addAll(insecureRegistries);
        for (String entry : all) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.startsWith("http://") || e.startsWith("https://")) {
                throw new InvalidArgumentException("insecure registry " + entry + " should not contain '://'");
            }
            if (e.contains("/")) {
                insecureNetworks.add(Cidr.parse(e));
            } else if (!e.isEmpty()) {
                insecureHosts.add(e);
            }
        }
    }

    public static RegistryHosts defaults() {
        return new RegistryHosts(List.of());
    }

    /** The base URI of the registry of {@code domain} (an {@link ImageRef#domain()}). */
    public URI base(String domain) {
        if (loopbackOnly && !isLoopback(domain)) {
            throw new io.berth.common.ForbiddenException("registry " + domain + " is not reachable from this daemon:"
                    + " it only talks to registries on the loopback interface (--registries-loopback-only)");
        }
        if (domain.equals(ImageRef.DEFAULT_DOMAIN)) {
            return URI.create("https://" + DOCKER_HUB_API);
        }
        return URI.create((isInsecure(domain) ? "http://" : "https://") + domain);
    }

    public boolean isInsecure(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (insecureHosts.contains(d)) {
            return true;
        }
        String host = hostOf(d);
        if (host.equals("localhost")) {
            return true;
        }
        byte[] address = ipv4(host);
        if (address == null) {
            return false; // names are not resolved: no lookups leave this machine for a policy decision
        }
        for (Cidr network : insecureNetworks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopback(String domain) {
        String host = hostOf(domain.toLowerCase(Locale.ROOT));
        byte[] address = ipv4(host);
        return host.equals("localhost") || host.equals("::1") || (address != null && address[0] == 127);
    }

    private static String hostOf(String domain) {
        if (domain.startsWith("[")) {
            int end = domain.indexOf(']');
            return end < 0 ? domain : domain.substring(1, end);
        }
        int colon = domain.lastIndexOf(':');
        return colon < 0 ? domain : domain.substring(0, colon);
    }

    private static byte[] ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}")) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] address = ipv4(text.substring(0, slash));
            int prefix;
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (address == null || prefix < 0 || prefix > 32) {
                throw new InvalidArgumentException("invalid insecure registry CIDR: " + text);
            }
            return new Cidr(address, prefix);
        }

        boolean contains(byte[] address) {
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((network[bit / 8] & mask) != (address[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
