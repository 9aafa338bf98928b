package io.berth.network;

import io.berth.common.ConflictException;
import io.berth.common.InvalidArgumentException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** IPv6 address management: subnets, gateways and the next free address (the IPv6 half of {@link Ipam}). */
public final class Ipam6 {
    private static final int BITS = 128;
    private static final BigInteger ALL = BigInteger.ONE.shiftLeft(BITS).subtract(BigInteger.ONE);
    /** How many addresses {@link #allocate} walks before it calls a subnet full. */
    private static final int SCAN_LIMIT = 1 << 16;

    private Ipam6() {}

    public static boolean isV6(String cidrOrAddress) {
        return cidrOrAddress.contains(":");
    }

    /** A parsed IPv6 CIDR. */
    public record Cidr(BigInteger network, int prefix) {
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
            if (prefix < 1 || prefix > 126) {
                throw new InvalidArgumentException("invalid CIDR address: " + cidr);
            }
            BigInteger address;
            try {
                address = toBig(cidr.substring(0, slash));
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("invalid CIDR address: " + cidr);
            }
            return new Cidr(address.and(mask(prefix)), prefix);
        }

        public boolean contains(BigInteger address) {
            return address.and(mask(prefix)).equals(network);
        }

        public boolean overlaps(Cidr other) {
            int p = Math.min(prefix, other.prefix);
            return network.and(mask(p)).equals(other.network.and(mask(p)));
        }

        public BigInteger last() {
            return network.or(mask(prefix).xor(ALL));
        }

        public String firstHost() {
            return toText(network.add(BigInteger.ONE));
        }

        @Override
        public String toString() {
            return toText(network) + "/" + prefix;
        }
    }

    static BigInteger mask(int prefix) {
        return ALL.shiftRight(BITS - prefix).shiftLeft(BITS - prefix);
    }

    public static BigInteger toBig(String ip) {
        try {
            InetAddress address = InetAddress.ofLiteral(ip);
            if (!(address instanceof Inet6Address)) {
                throw new InvalidArgumentException("invalid IPv6 address: " + ip);
            }
            return new BigInteger(1, address.getAddress());
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid IPv6 address: " + ip);
        }
    }

    /** The canonical text form (RFC 5952: lower case, longest run of zero groups as {@code ::}). */
    public static String toText(BigInteger value) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        var out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The address in canonical form, so that {@code fd00:0::2} and {@code fd00::2} are the same. */
    public static String canonical(String ip) {
        return toText(toBig(ip));
    }

    /** The lowest free address of {@code range} (inside {@code subnet}), skipping the gateway and addresses in use. */
    public static String allocate(Cidr subnet, Cidr range, String gateway, Collection<String> inUse) {
        Set<BigInteger> used = new HashSet<>();
        for (String ip : inUse) {
            if (isV6(ip)) {
                used.add(toBig(ip));
            }
        }
        used.add(toBig(gateway));
        if (range.prefix() < subnet.prefix() || !subnet.contains(range.network())) {
            range = subnet;
        }
        BigInteger first = range.network().max(subnet.network().add(BigInteger.ONE));
        BigInteger last = range.last().min(subnet.last());
        BigInteger ip = first;
        for (int i = 0; i < SCAN_LIMIT && ip.compareTo(last) <= 0; i++, ip = ip.add(BigInteger.ONE)) {
            if (!used.contains(ip)) {
                return toText(ip);
            }
        }
        throw new ConflictException("no available IPv6 addresses on this network's address pools: " + subnet);
    }

    /** A random unique local /64 ({@code fdXX:XXXX:XXXX:XXXX::/64}, RFC 4193) overlapping none of {@code taken}. */
    public static Cidr uniqueLocal(Collection<Cidr> taken) {
        var random = new SecureRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            byte[] bytes = new byte[16];
            bytes[0] = (byte) 0xfd;
            byte[] global = new byte[7];
            random.nextBytes(global);
            System.arraycopy(global, 0, bytes, 1, 7);
            var candidate = new Cidr(new BigInteger(1, bytes), 64);
            if (taken.stream().noneMatch(candidate::overlaps)) {
                return candidate;
            }
        }
        throw new ConflictException("could not find an available, non-overlapping IPv6 address pool");
    }
}
