package io.berth.cli.command.compose;

import io.berth.compose.project.ComposeService;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth compose down}: stop and remove what {@code up} made, and only that. */
@Command(name = "down", description = "Stop and remove containers, networks")
final class ComposeDownCommand extends ComposeSubcommand {
    @Option(names = {"-v", "--volumes"}, description = "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers")
    boolean volumes;

    @Option(names = "--rmi", paramLabel = "TYPE", description = "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")")
    String rmi;

    @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file")
    boolean removeOrphans;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Specify a shutdown timeout in seconds")
    Integer timeout;

    @Override
    int run() {
        if (rmi != null && !rmi.equals("local") && !rmi.equals("all")) {
            throw new ComposeCommand.ComposeFailure("invalid value for --rmi: " + rmi);
        }
        var project = compose.optionalProject(spec);
        String name = project.map(p -> p.name()).orElse(compose.projectName);
        compose.service(spec).down(name, project, new ComposeService.DownOptions(volumes, Optional.ofNullable(rmi),
                removeOrphans, Optional.ofNullable(timeout).map(Duration::ofSeconds)));
        return 0;
    }
}
