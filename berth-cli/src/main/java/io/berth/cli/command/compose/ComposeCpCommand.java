package io.berth.cli.command.compose;

import io.berth.api.model.ContainerSummary;
import io.berth.cli.command.container.BerthCommands;
import io.berth.compose.project.ComposeService;
import io.berth.compose.project.Labels;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth compose cp SERVICE:SRC_PATH DEST_PATH|-} and {@code SRC_PATH|- SERVICE:DEST_PATH}:
 * {@code berth cp} (the archive API, docker's path rules) on the service's container. As docker
 * compose: from a service, its first container (or {@code --index}'s); to a service, each of its
 * containers (or {@code --index}'s).
 */
@Command(name = "cp", description = "Copy files/folders between a service container and the local filesystem")
final class ComposeCpCommand extends ComposeSubcommand {
    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH")
    boolean followLink;

    @Option(names = "--index", paramLabel = "N", description = "Index of the container if service has multiple replicas")
    int index;

    @Option(names = "--all", hidden = true, description = "Include containers created by the run command")
    boolean all;

    @Parameters(index = "0", paramLabel = "SRC_PATH")
    String source;

    @Parameters(index = "1", paramLabel = "DEST_PATH")
    String destination;

    @Override
    int run() {
        String[] src = split(source);
        String[] dst = split(destination);
        if (src[0] != null && dst[0] != null) {
            throw new ComposeCommand.ComposeFailure("copying between services is not supported");
        }
        if (src[0] == null && dst[0] == null) {
            throw new ComposeCommand.ComposeFailure("unknown copy direction");
        }
        if (src[0] != null && all) {
            throw new ComposeCommand.ComposeFailure("cannot use the --all flag when copying from a service");
        }
        String service = src[0] != null ? src[0] : dst[0];
        String project = compose.projectName(spec);
        List<ContainerSummary> targets = targets(project, service, src[0] != null);
        int result = 0;
        for (ContainerSummary c : targets) {
            var args = new ArrayList<String>(List.of("-H", "unix://" + BerthCommands.root(spec).client().socket(), "cp"));
            if (archive) {
                args.add("-a");
            }
            if (followLink) {
                args.add("-L");
            }
            args.add(src[0] != null ? c.id() + ":" + src[1] : src[1]);
            args.add(dst[0] != null ? c.id() + ":" + dst[1] : dst[1]);
            int code = ComposeExecCommand.delegate(BerthCommands.root(spec), args);
            if (code != 0) {
                result = code;
            }
        }
        return result;
    }

    private List<ContainerSummary> targets(String project, String service, boolean fromService) {
        var composeService = compose.service(spec);
        if (index > 0) {
            return List.of(composeService.container(project, service, index));
        }
        var containers = composeService.containers(project, true, List.of(service)).stream()
                .filter(c -> all || !"True".equals(ComposeService.label(c, Labels.ONEOFF)))
                .sorted(java.util.Comparator.comparingInt(ComposeService::number)).toList();
        if (containers.isEmpty()) {
            throw new ComposeCommand.ComposeFailure("no container found for service \"" + service + "\"");
        }
        return fromService ? containers.subList(0, 1) : containers;
    }

    /** docker's splitCpArg: {@code SERVICE:PATH}, or a local path (absolute, ./relative, or without a colon). */
    static String[] split(String arg) {
        if (arg.startsWith("/") || arg.startsWith(".")) {
            return new String[] {null, arg};
        }
        int colon = arg.indexOf(':');
        if (colon <= 0) {
            return new String[] {null, arg};
        }
        return new String[] {arg.substring(0, colon), arg.substring(colon + 1)};
    }
}
