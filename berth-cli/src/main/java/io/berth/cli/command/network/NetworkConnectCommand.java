package io.berth.cli.command.network;

import io.berth.api.model.EndpointIPAMConfig;
import io.berth.api.model.EndpointSettings;
import io.berth.cli.command.container.BerthCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth network connect [--alias A] [--ip IP] NETWORK CONTAINER}. */
@Command(name = "connect", description = "Connect a container to a network")
public final class NetworkConnectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--alias", description = "Add network-scoped alias for the container")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--ip", description = "IPv4 address (e.g., \"172.30.100.104\")")
    String ip;

    @Option(names = "--ip6", description = "IPv6 address (e.g., \"2001:db8::33\")")
    String ip6;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        var settings = EndpointSettings.builder()
                .aliases(aliases.isEmpty() ? null : aliases)
                .ipamConfig(ip == null && ip6 == null ? null
                        : EndpointIPAMConfig.builder().iPv4Address(ip).iPv6Address(ip6).build())
                .build();
        BerthCommands.root(spec).client().networks().connect(network, container, settings);
        return 0;
    }
}
