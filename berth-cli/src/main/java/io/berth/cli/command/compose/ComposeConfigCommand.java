package io.berth.cli.command.compose;

import io.berth.compose.loader.Project;
import io.berth.compose.output.ModelWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose config}: the resolved model, or parts of it. */
@Command(name = "config", aliases = "convert", description = "Parse, resolve and render compose file in canonical format")
final class ComposeConfigCommand extends ComposeSubcommand {
    @Option(names = "--format", paramLabel = "FORMAT", description = "Format the output. Values: [yaml | json]")
    String format = "yaml";

    @Option(names = {"-q", "--quiet"}, description = "Only validate the configuration, don't print anything")
    boolean quiet;

    @Option(names = "--services", description = "Print the service names, one per line")
    boolean services;

    @Option(names = "--volumes", description = "Print the volume names, one per line")
    boolean volumes;

    @Option(names = "--networks", description = "Print the network names, one per line")
    boolean networks;

    @Option(names = "--images", description = "Print the image names, one per line")
    boolean images;

    @Option(names = "--profiles", description = "Print the profile names, one per line")
    boolean profiles;

    @Option(names = "--no-interpolate", description = "Don't interpolate environment variables")
    boolean noInterpolate;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Save to file (default to stdout)")
    java.nio.file.Path output;

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> serviceNames = new ArrayList<>();

    @Override
    int run() throws Exception {
        if (profiles) {
            compose.profiles.add("*"); // every profile the files define, enabled or not
        }
        Project project = compose.project(spec, serviceNames, !noInterpolate);
        var out = spec.commandLine().getOut();
        if (quiet) {
            return 0;
        }
        if (services) {
            project.services().keySet().forEach(out::println);
            out.flush();
            return 0;
        }
        if (volumes) {
            project.volumes().keySet().forEach(out::println);
            out.flush();
            return 0;
        }
        if (networks) {
            project.networks().keySet().forEach(out::println);
            out.flush();
            return 0;
        }
        if (images) {
            var specs = new io.berth.compose.project.ContainerSpecs(project);
            project.services().keySet().forEach(s -> out.println(specs.imageName(s)));
            out.flush();
            return 0;
        }
        if (profiles) {
            var all = new TreeSet<String>();
            project.services().values().forEach(s -> {
                if (s.get("profiles") instanceof List<?> l) {
                    l.forEach(p -> all.add(String.valueOf(p)));
                }
            });
            all.forEach(out::println);
            out.flush();
            return 0;
        }
        Map<String, Object> model = project.model();
        if (!serviceNames.isEmpty()) {
            model = new LinkedHashMap<>(model);
            var keep = new LinkedHashMap<String, Object>();
            var wanted = new LinkedHashSet<>(io.berth.compose.project.ComposeService.targets(project, serviceNames, false));
            project.services().forEach((k, v) -> {
                if (wanted.contains(k)) {
                    keep.put(k, v);
                }
            });
            model.put("services", keep);
        }
        String text = format.equals("json") ? ModelWriter.json(model) + "\n" : ModelWriter.yaml(model);
        if (output != null) {
            java.nio.file.Files.writeString(output, text);
            return 0;
        }
        out.print(text);
        out.flush();
        return 0;
    }
}
