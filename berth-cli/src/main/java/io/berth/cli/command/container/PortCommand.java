package io.berth.cli.command.container;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth port CONTAINER [PRIVATE_PORT[/PROTO]]}. */
@Command(name = "port", description = "List port mappings or a specific mapping for the container")
public final class PortCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
    String privatePort;

    @Override
    public Integer call() {
        var inspect = BerthCommands.root(spec).client().containers().inspect(container);
        var ports = inspect.networkSettings() == null || inspect.networkSettings().ports() == null
                ? new TreeMap<String, List<io.berth.api.model.PortBinding>>()
                : new TreeMap<>(inspect.networkSettings().ports());
        var out = spec.commandLine().getOut();
        if (privatePort != null) {
            String key = privatePort.contains("/") ? privatePort : privatePort + "/tcp";
            var bindings = ports.get(key);
            if (bindings == null || bindings.isEmpty()) {
                throw new InvalidArgumentException("No public port '" + key + "' published for " + container);
            }
            for (var b : bindings) {
                out.println(address(b));
            }
            return 0;
        }
        var lines = new ArrayList<String>();
        for (var entry : ports.entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            for (var b : entry.getValue()) {
                lines.add(entry.getKey() + " -> " + address(b));
            }
        }
        lines.forEach(out::println);
        out.flush();
        return 0;
    }

    private static String address(io.berth.api.model.PortBinding b) {
        String ip = b.hostIp() == null || b.hostIp().isEmpty() ? "0.0.0.0" : b.hostIp();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + b.hostPort();
    }
}
