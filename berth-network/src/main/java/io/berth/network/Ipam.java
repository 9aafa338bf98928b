package io.berth.network;

import io.berth.common.ConflictException;
import io.berth.common.InvalidArgumentException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** IPv4 address management: subnets, gateways and the next free address. */
public final class Ipam {
    private Ipam() {}

    /** A parsed IPv4 CIDR. */
    public record Cidr(int network, int prefix) {
        public static Cidr parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new InvalidArgumentException("invalid CIDR address: " + cidr);
            }
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid CIDR address: " + cidr);
            }
            if (prefix < 1 || prefix > 30) {
                throw new InvalidArgumentException("invalid CIDR address: " + cidr);
            }
            int address = toInt(cidr.substring(0, slash));
            return new Cidr(address & mask(prefix), prefix);
        }

        public boolean contains(int address) {
            return (address & mask(prefix)) == network;
        }

        public boolean overlaps(Cidr other) {
            int p = Math.min(prefix, other.prefix);
            return (network & mask(p)) == (other.network & mask(p));
        }

        public String firstHost() {
            return toText(network + 1);
        }

        public int broadcast() {
            return network | ~mask(prefix);
        }

        @Override
        public String toString() {
            return toText(network) + "/" + prefix;
        }
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public static int toInt(String ip) {
        try {
            InetAddress address = InetAddress.ofLiteral(ip);
            if (!(address instanceof Inet4Address)) {
                throw new InvalidArgumentException("not an IPv4 address: " + ip);
            }
            byte[] b = address.getAddress();
            return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid IP address: " + ip);
        }
    }

    public static String toText(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    /** The lowest free host address of the subnet, skipping the gateway and addresses in use. */
    public static String allocate(Cidr subnet, String gateway, Collection<String> inUse) {
        return allocate(subnet, subnet, gateway, inUse);
    }

    /** The lowest free address of {@code range} (inside {@code subnet}), skipping the gateway and addresses in use. */
    public static String allocate(Cidr subnet, Cidr range, String gateway, Collection<String> inUse) {
        Set<Integer> used = new HashSet<>();
        for (String ip : inUse) {
            if (!ip.contains(":")) { // IPv6 addresses are Ipam6's
                used.add(toInt(ip));
            }
        }
        used.add(toInt(gateway));
        int first = Math.max(subnet.network() + 1, range.network());
        int last = Math.min(subnet.broadcast() - 1, range.broadcast());
        if (range.prefix() < subnet.prefix() || !subnet.contains(range.network())) {
            first = subnet.network() + 1;
            last = subnet.broadcast() - 1;
        }
        for (int ip = first; ip <= last; ip++) {
            if (!used.contains(ip)) {
                return toText(ip);
            }
        }
        throw new ConflictException("no available IPv4 addresses on this network's address pools: " + subnet);
    }

    /** The first candidate that overlaps no route of the host (a subnet another engine already uses). */
    public static Cidr firstFree(List<String> candidates, Collection<Cidr> taken) {
        List<Cidr> routes = hostRoutes();
        for (String candidate : candidates) {
            Cidr cidr = Cidr.parse(candidate);
            boolean clash = routes.stream().anyMatch(cidr::overlaps) || taken.stream().anyMatch(cidr::overlaps);
            if (!clash) {
                return cidr;
            }
        }
        throw new ConflictException("all predefined address pools have been fully subnetted");
    }

    /** Directly connected routes of the host ({@code /proc/net/route}), default route excluded. */
    static List<Cidr> hostRoutes() {
        try {
            var out = new java.util.ArrayList<Cidr>();
            for (String line : Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8) {
                    continue;
                }
                int destination = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
                int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
                if (mask == 0) {
                    continue;
                }
                out.add(new Cidr(destination & mask, Integer.bitCount(mask)));
            }
            return out;
        } catch (java.io.IOException | NumberFormatException e) {
            return List.of();
        }
    }
}
