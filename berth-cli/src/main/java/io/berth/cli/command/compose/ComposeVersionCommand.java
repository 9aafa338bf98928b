package io.berth.cli.command.compose;

import io.berth.api.model.DockerApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth compose version}. */
@Command(name = "version", description = "Show the Docker Compose version information")
final class ComposeVersionCommand extends ComposeSubcommand {
    @Option(names = "--short", description = "Shows only Compose's version number")
    boolean shortForm;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format the output. Values: [pretty | json]")
    String format = "pretty";

    @Override
    int run() {
        String version = "v" + io.berth.compose.project.Labels.COMPOSE_VERSION + "-berth";
        var out = spec.commandLine().getOut();
        if (shortForm) {
            out.println(version.substring(1));
        } else if (format.equals("json")) {
            out.println("{\"version\":\"" + version + "\"}");
        } else {
            out.println("Berth Compose version " + version + " (Berth " + DockerApi.ENGINE_VERSION + ")");
        }
        out.flush();
        return 0;
    }
}
