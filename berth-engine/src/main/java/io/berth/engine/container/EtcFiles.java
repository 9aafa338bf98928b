package io.berth.engine.container;

import io.berth.common.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files Berth writes (anew at every start, so without fsync) for each container and bind-mounts over {@code /etc/hostname},
 * {@code /etc/hosts} and {@code /etc/resolv.conf}, as Docker does.
 */
final class EtcFiles {
    private static final Path HOST_RESOLV = Path.of("/etc/resolv.conf");
    private static final List<String> FALLBACK_DNS = List.of("8.8.8.8", "8.8.4.4");

    private EtcFiles() {}

    static void writeHostname(Path file, String hostname) {
        AtomicFiles.replace(file, (hostname + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code /etc/hosts}: localhost entries, then the container's own address and names, then extra hosts. */
    static void writeHosts(Path file, List<String> ownAddresses, String hostname, String domainname,
                           List<String> extraHosts) {
        var out = new StringBuilder();
        out.append("127.0.0.1\tlocalhost\n");
        out.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        out.append("fe00::0\tip6-localnet\n");
        out.append("ff00::0\tip6-mcastprefix\n");
        out.append("ff02::1\tip6-allnodes\n");
        out.append("ff02::2\tip6-allrouters\n");
        for (String extra : extraHosts) {
            int colon = extra.indexOf(':');
            if (colon > 0) {
                out.append(extra.substring(colon + 1)).append('\t').append(extra, 0, colon).append('\n');
            }
        }
        // Docker's record: the FQDN, then the bare host name when the FQDN has a dot
        String fqdn = domainname == null || domainname.isEmpty() ? hostname : hostname + "." + domainname;
        int dot = fqdn.indexOf('.');
        String names = dot > 0 ? fqdn + " " + fqdn.substring(0, dot) : fqdn;
        for (String address : ownAddresses) {
            out.append(address).append('\t').append(names).append('\n');
        }
        AtomicFiles.replace(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The host's hosts file, for {@code --network host}. */
    static void copyHostHosts(Path file) {
        try {
            AtomicFiles.replace(file, Files.readAllBytes(Path.of("/etc/hosts")));
        } catch (IOException e) {
            writeHosts(file, List.of(), "localhost", "", List.of());
        }
    }

    /**
     * {@code /etc/resolv.conf}: the given servers, or the host's without loopback servers (which a
     * container cannot reach), falling back to public resolvers as Docker does.
     */
    static void writeResolvConf(Path file, List<String> dns, List<String> search, List<String> options,
                                boolean hostNetwork) {
        writeResolvConf(HOST_RESOLV, file, dns, search, options, hostNetwork);
    }

    /** As above, reading the host's settings from {@code hostResolv}; {@code --dns-search .} means no search line. */
    static void writeResolvConf(Path hostResolv, Path file, List<String> dns, List<String> search, List<String> options,
                                boolean hostNetwork) {
        var servers = new ArrayList<String>(dns);
        var searches = new ArrayList<String>(search);
        var opts = new ArrayList<String>(options);
        if (dns.isEmpty() || search.isEmpty() || options.isEmpty()) {
            try {
                for (String line : Files.readAllLines(hostResolv)) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length < 2 || f[0].startsWith("#")) {
                        continue;
                    }
                    switch (f[0]) {
                        case "nameserver" -> {
                            if (dns.isEmpty() && (hostNetwork || !isLoopback(f[1]))) {
                                servers.add(f[1]);
                            }
                        }
                        case "search" -> {
                            if (search.isEmpty()) {
                                searches.addAll(List.of(f).subList(1, f.length));
                            }
                        }
                        case "options" -> {
                            if (options.isEmpty()) {
                                opts.addAll(List.of(f).subList(1, f.length));
                            }
                        }
                        default -> { }
                    }
                }
            } catch (IOException e) {
                // no host resolv.conf: fall back below
            }
        }
        if (servers.isEmpty()) {
            servers.addAll(FALLBACK_DNS);
        }
        var out = new StringBuilder();
        for (String server : servers) {
            out.append("nameserver ").append(server).append('\n');
        }
        if (!searches.isEmpty() && !searches.equals(List.of("."))) {
            out.append("search ").append(String.join(" ", searches)).append('\n');
        }
        if (!opts.isEmpty()) {
            out.append("options ").append(String.join(" ", opts)).append('\n');
        }
        AtomicFiles.replace(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1");
    }
}
