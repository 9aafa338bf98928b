package io.berth.cli.command.network;

import io.berth.api.model.IPAM;
import io.berth.api.model.IPAMConfig;
import io.berth.api.model.NetworkCreateRequest;
import io.berth.cli.command.container.BerthCommands;
import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth network create}: prints the new network's ID. */
@Command(name = "create", description = "Create a network")
public final class NetworkCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--driver"}, description = "Driver to manage the Network (default \"bridge\")")
    String driver = "bridge";

    @Option(names = "--subnet", description = "Subnet in CIDR format that represents a network segment")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--gateway", description = "IPv4 or IPv6 Gateway for the master subnet")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--ip-range", description = "Allocate container ip from a sub-range")
    List<String> ipRanges = new ArrayList<>();

    @Option(names = "--internal", description = "Restrict external access to the network")
    boolean internal;

    @Option(names = "--attachable", description = "Enable manual container attachment")
    boolean attachable;

    @Option(names = "--ipv6", description = "Enable or disable IPv6 networking")
    boolean ipv6;

    @Option(names = "--label", description = "Set metadata on a network")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-o", "--opt"}, description = "Set driver specific options")
    List<String> options = new ArrayList<>();

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "NETWORK")
    String name;

    @Override
    public Integer call() {
        var configs = ipamConfigs(subnets, gateways, ipRanges);
        var request = new NetworkCreateRequest(name, true, driver, null, internal, attachable, null, null,
                IPAM.builder().driver("default").config(configs).options(Map.of()).build(), ipv6, keyValues(options),
                keyValues(labels));
        var created = BerthCommands.root(spec).client().networks().create(request);
        spec.commandLine().getOut().println(created.id());
        return 0;
    }

    /** Each gateway and range goes with the subnet that contains it, as the docker CLI pairs them. */
    static List<IPAMConfig> ipamConfigs(List<String> subnets, List<String> gateways, List<String> ranges) {
        if (gateways.size() > subnets.size() || ranges.size() > subnets.size()) {
            throw new InvalidArgumentException("every ip-range or gateway must have a corresponding subnet");
        }
        var gatewayOf = new LinkedHashMap<String, String>();
        var rangeOf = new LinkedHashMap<String, String>();
        for (String range : ranges) {
            String subnet = subnets.stream().filter(s -> contains(s, range)).findFirst().orElseThrow(() ->
                    new InvalidArgumentException("no matching subnet for range " + range));
            String other = rangeOf.putIfAbsent(subnet, range);
            if (other != null) {
                throw new InvalidArgumentException("cannot configure multiple ranges (" + range + ", " + other
                        + ") on the same subnet (" + subnet + ")");
            }
        }
        for (String gateway : gateways) {
            String subnet = subnets.stream().filter(s -> contains(s, gateway)).findFirst().orElseThrow(() ->
                    new InvalidArgumentException("no matching subnet for gateway " + gateway));
            String other = gatewayOf.putIfAbsent(subnet, gateway);
            if (other != null) {
                throw new InvalidArgumentException("cannot configure multiple gateways (" + gateway + ", " + other
                        + ") for the same subnet (" + subnet + ")");
            }
        }
        var configs = new ArrayList<IPAMConfig>();
        for (String subnet : subnets) {
            configs.add(IPAMConfig.builder().subnet(subnet).gateway(gatewayOf.get(subnet)).ipRange(rangeOf.get(subnet))
                    .build());
        }
        return configs;
    }

    /** True when {@code address} (an address or a CIDR) lies in the CIDR {@code subnet}; false for bad input. */
    private static boolean contains(String subnet, String address) {
        try {
            int slash = subnet.indexOf('/');
            var net = java.net.InetAddress.ofLiteral(subnet.substring(0, slash)).getAddress();
            int prefix = Integer.parseInt(subnet.substring(slash + 1));
            String host = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
            var ip = java.net.InetAddress.ofLiteral(host).getAddress();
            if (ip.length != net.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((ip[bit / 8] & mask) != (net[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static Map<String, String> keyValues(List<String> entries) {
        var map = new LinkedHashMap<String, String>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            map.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        return map;
    }
}
