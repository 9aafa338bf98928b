package io.berth.image.registry;

import io.berth.common.InvalidArgumentException;
import io.berth.image.ref.ImageRef;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a registry's API lives: Docker Hub's {@code docker.io} is {@code https://registry-1.docker.io};
 * others are {@code https://HOST}, or {@code http://HOST} when the registry is insecure: daemon.json
 * {@code insecure-registries} (CIDRs or {@code host[:port]}), plus 127.0.0.0/8 and {@code localhost}
 * as Docker has them.
 *
 * <p>TLS: a registry with a directory in {@code certs.d} ({@code /etc/docker/certs.d/HOST:PORT/}, as
 * Docker) is reached over HTTPS with the CAs and client certificates found there, even when it is
 * insecure (on loopback, say): configuring certificates for a host asks for TLS with it.
 *
 * <p>Mirrors: daemon.json {@code registry-mirrors} gives Docker Hub's mirrors (a list of URLs) or,
 * as an object, mirrors of any registry ({@code {"docker.io": [...], "127.0.0.1:5000": [...]}});
 * a pull asks them in order before the registry itself.
 */
public final class RegistryHosts {
    static final String DOCKER_HUB_API = "registry-1.docker.io";
    /** Docker's directory of per-registry certificates. */
    public static final Path DEFAULT_CERTS_DIR = Path.of("/etc/docker/certs.d");
    private static final List<String> DEFAULT_INSECURE = List.of("127.0.0.0/8");

    private final List<Cidr> insecureNetworks = new ArrayList<>();
    private final List<String> insecureHosts = new ArrayList<>();
    private final boolean loopbackOnly;
    private final Map<String, List<URI>> mirrors = new LinkedHashMap<>();
    private final Path certsDir;

    public RegistryHosts(List<String> insecureRegistries) {
        this(insecureRegistries, false);
    }

    public RegistryHosts(List<String> insecureRegistries, boolean loopbackOnly) {
        this(insecureRegistries, loopbackOnly, Map.of(), DEFAULT_CERTS_DIR);
    }

    /**
     * With {@code loopbackOnly}, registries other than those on 127.0.0.0/8 or {@code localhost} are
     * refused before any lookup or connection (air-gapped hosts, and the test daemons, which must
     * send nothing past the machine).
     */
    public RegistryHosts(List<String> insecureRegistries, boolean loopbackOnly, Map<String, List<String>> mirrors,
                         Path certsDir) {
        this.loopbackOnly = loopbackOnly;
        this.certsDir = certsDir;
        mirrors.forEach((registry, urls) -> {
            var list = new ArrayList<URI>();
            for (String url : urls) {
                list.add(mirrorUri(url));
            }
            this.mirrors.put(registry.strip().toLowerCase(Locale.ROOT), List.copyOf(list));
        });
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

    /** A mirror's URL: {@code http(s)://host[:port]}, without a trailing slash. */
    static URI mirrorUri(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid mirror: " + url + ": " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidArgumentException("invalid mirror: unsupported scheme \"" + uri.getScheme() + "\" in \"" + url + "\"");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidArgumentException("invalid mirror: query or fragment are not allowed in " + url);
        }
        return uri;
    }

    /** Where per-registry certificates live ({@code certs.d}). */
    public Path certsDir() {
        return certsDir;
    }

    /** The certs.d directory of {@code authority} ({@code host:port}). */
    public Path certsDir(String authority) {
        return certsDir.resolve(authority.replace('/', '_'));
    }

    /** The mirrors of {@code domain}, in the order a pull asks them (checked against loopback-only). */
    public List<URI> mirrors(String domain) {
        var list = mirrors.getOrDefault(domain.toLowerCase(Locale.ROOT), List.of());
        if (loopbackOnly) {
            return list.stream().filter(u -> isLoopback(u.getAuthority())).toList();
        }
        return list;
    }

    /** The insecure networks, as CIDRs ({@code 127.0.0.0/8} first), for {@code GET /info}. */
    public List<String> insecureCidrs() {
        return insecureNetworks.stream().map(c -> {
            var b = c.network();
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff) + "/" + c.prefix();
        }).toList();
    }

    /** The registries named insecure one by one ({@code host[:port]}), for {@code GET /info}. */
    public List<String> insecureHosts() {
        return List.copyOf(insecureHosts);
    }

    /** The configured mirrors, for {@code GET /info}. */
    public Map<String, List<URI>> allMirrors() {
        return Map.copyOf(mirrors);
    }

    /** Whether {@code authority}'s certificates are not checked (an insecure registry or mirror). */
    public boolean skipVerify(String authority) {
        return isInsecure(authority) && !java.nio.file.Files.isDirectory(certsDir(authority));
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
        boolean tls = !isInsecure(domain) || java.nio.file.Files.isDirectory(certsDir(domain));
        return URI.create((tls ? "https://" : "http://") + domain);
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
