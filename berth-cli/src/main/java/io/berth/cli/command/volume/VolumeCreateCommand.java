package io.berth.cli.command.volume;

import io.berth.api.model.VolumeCreateRequest;
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

/** {@code berth volume create [--name] [-d local] [--label k=v] [-o key=value] [VOLUME]}: prints the name. */
@Command(name = "create", description = "Create a volume")
public final class VolumeCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--driver"}, description = "Specify volume driver name (default \"local\")")
    String driver = "local";

    @Option(names = "--name", description = "Specify volume name", hidden = true)
    String name;

    @Option(names = {"-o", "--opt"}, description = "Set driver specific options")
    List<String> options = new ArrayList<>();

    @Option(names = "--label", description = "Set metadata for a volume")
    List<String> labels = new ArrayList<>();

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "0..1", paramLabel = "VOLUME")
    String positional;

    @Override
    public Integer call() {
        if (positional != null) {
            if (name != null && !name.isEmpty()) {
                throw new InvalidArgumentException("conflicting options: cannot specify a volume-name through both "
                        + "--name and as a positional arg");
            }
            name = positional;
        }
        var request = VolumeCreateRequest.builder()
                .name(name == null ? "" : name)
                .driver(driver)
                .driverOpts(keyValues(options))
                .labels(keyValues(labels))
                .build();
        var created = BerthCommands.root(spec).client().volumes().create(request);
        spec.commandLine().getOut().println(created.name());
        return 0;
    }

    /** docker's MapOpts / ConvertKVStringsToMap: {@code key=value}, a bare key maps to "". */
    static Map<String, String> keyValues(List<String> entries) {
        var map = new LinkedHashMap<String, String>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            map.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        return map;
    }
}
