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
        if (gateways.size() > subnets.size() || ipRanges.size() > subnets.size()) {
            throw new InvalidArgumentException("every ip-range or gateway must have a corresponding subnet");
        }
        var configs = new ArrayList<IPAMConfig>();
        for (int i = 0; i < subnets.size(); i++) {
            configs.add(IPAMConfig.builder().subnet(subnets.get(i))
                    .gateway(i < gateways.size() ? gateways.get(i) : null)
                    .ipRange(i < ipRanges.size() ? ipRanges.get(i) : null).build());
        }
        var request = new NetworkCreateRequest(name, true, driver, null, internal, attachable, null, null,
                IPAM.builder().driver("default").config(configs).options(Map.of()).build(), ipv6, keyValues(options),
                keyValues(labels));
        var created = BerthCommands.root(spec).client().networks().create(request);
        spec.commandLine().getOut().println(created.id());
        return 0;
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
