package io.berth.cli.command.compose;

import io.berth.cli.command.GroupCommand;
import io.berth.cli.command.container.BerthCommands;
import io.berth.common.BerthException;
import io.berth.compose.loader.LoadOptions;
import io.berth.compose.loader.Project;
import io.berth.compose.loader.ProjectLoader;
import io.berth.compose.project.ComposeService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code berth compose}: docker compose's command group. Its options say which project: the
 * files ({@code -f}), its name ({@code -p}), directory, env files and profiles.
 */
@Command(name = "compose", description = "Define and run multi-container applications with Docker Compose's file format")
public final class ComposeCommand extends GroupCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Compose configuration files")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project name")
    String projectName;

    @Option(names = "--project-directory", paramLabel = "DIR",
            description = "Specify an alternate working directory (default: the path of the first specified Compose file)")
    Path projectDirectory;

    @Option(names = "--env-file", paramLabel = "FILE", description = "Specify an alternate environment file")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Specify a profile to enable")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--ansi", paramLabel = "MODE", description = "Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\")")
    String ansi = "auto";

    @Option(names = "--progress", paramLabel = "TYPE", description = "Set type of progress output (auto, tty, plain, json, quiet)")
    String progressMode = "auto";

    @Option(names = "--parallel", paramLabel = "N", description = "Control max parallelism, -1 for unlimited")
    int parallel = -1;

    @Option(names = "--compatibility", description = "Run compose in backward compatibility mode")
    boolean compatibility;

    @Option(names = "--dry-run", description = "Execute command in dry run mode")
    boolean dryRun;

    /** The project these options name, with {@code services} enabled whatever their profiles. */
    Project project(CommandSpec spec, List<String> services, boolean interpolate) {
        var options = new LoadOptions(files, Optional.ofNullable(projectName), Optional.ofNullable(projectDirectory),
                envFiles, profiles, services, System.getenv(), Path.of("").toAbsolutePath(), interpolate);
        Project project;
        if (files.stream().anyMatch(f -> f.toString().equals("-"))) {
            try {
                project = ProjectLoader.load(options, new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ComposeFailure("reading the compose file from stdin: " + e.getMessage());
            }
        } else {
            try {
                project = ProjectLoader.load(options);
            } catch (BerthException e) {
                throw new ComposeFailure(e.getMessage());
            }
        }
        var err = spec.commandLine().getErr();
        for (String w : project.warnings()) {
            err.println(w.startsWith("WARN[") ? w : "WARN[0000] " + w);
        }
        err.flush();
        return project;
    }

    Project project(CommandSpec spec, List<String> services) {
        return project(spec, services, true);
    }

    /** The project's name alone: from {@code -p} or the environment when no file is needed (down, ps, logs...). */
    String projectName(CommandSpec spec) {
        try {
            return project(spec, List.of()).name();
        } catch (ComposeFailure e) {
            if (projectName != null && e.getMessage().startsWith("no configuration file provided")) {
                return projectName;
            }
            String fromEnv = System.getenv("COMPOSE_PROJECT_NAME");
            if (fromEnv != null && !fromEnv.isEmpty() && e.getMessage().startsWith("no configuration file provided")) {
                return fromEnv;
            }
            throw e;
        }
    }

    /** Loads the project if there is a file for it; empty when only {@code -p} names it. */
    Optional<Project> optionalProject(CommandSpec spec) {
        try {
            return Optional.of(project(spec, List.of()));
        } catch (ComposeFailure e) {
            if (projectName != null && e.getMessage().startsWith("no configuration file provided")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    ComposeService service(CommandSpec spec) {
        var err = spec.commandLine().getErr();
        boolean quiet = progressMode.equals("quiet");
        return new ComposeService(BerthCommands.root(spec).client(), line -> {
            if (!quiet || line.startsWith("WARN")) {
                err.println(line);
                err.flush();
            }
        });
    }

    /** A failure of compose itself (not the daemon's): printed as it is. */
    static final class ComposeFailure extends RuntimeException {
        ComposeFailure(String message) {
            super(message);
        }
    }
}
