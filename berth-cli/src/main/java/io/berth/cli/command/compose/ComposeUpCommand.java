package io.berth.cli.command.compose;

import io.berth.api.model.ContainerSummary;
import io.berth.api.model.LogsOptions;
import io.berth.api.model.StopOptions;
import io.berth.api.model.WaitCondition;
import io.berth.cli.Terminal;
import io.berth.cli.command.container.BerthCommands;
import io.berth.common.BerthException;
import io.berth.compose.loader.Project;
import io.berth.compose.project.ComposeService;
import io.berth.compose.project.Labels;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose up}: create and start the project's containers; attached, follow their logs until they exit. */
@Command(name = "up", description = "Create and start containers")
final class ComposeUpCommand extends ComposeSubcommand {
    @Option(names = {"-d", "--detach"}, description = "Detached mode: Run containers in the background")
    boolean detach;

    @Option(names = "--build", description = "Build images before starting containers")
    boolean build;

    @Option(names = "--no-build", description = "Don't build an image, even if it's policy")
    boolean noBuild;

    @Option(names = "--force-recreate", description = "Recreate containers even if their configuration and image haven't changed")
    boolean forceRecreate;

    @Option(names = "--no-recreate", description = "If containers already exist, don't recreate them")
    boolean noRecreate;

    @Option(names = "--no-start", description = "Don't start the services after creating them")
    boolean noStart;

    @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file")
    boolean removeOrphans;

    @Option(names = "--scale", paramLabel = "SERVICE=NUM", description = "Scale SERVICE to NUM instances")
    List<String> scale = new ArrayList<>();

    @Option(names = "--wait", description = "Wait for services to be running|healthy. Implies detached mode")
    boolean await;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", description = "Maximum duration to wait for the project to be running|healthy")
    long waitTimeout;

    @Option(names = "--abort-on-container-exit", description = "Stops all containers if any container was stopped")
    boolean abortOnExit;

    @Option(names = "--exit-code-from", paramLabel = "SERVICE", description = "Return the exit code of the selected service container. Implies --abort-on-container-exit")
    String exitCodeFrom;

    @Option(names = "--no-deps", description = "Don't start linked services")
    boolean noDeps;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Use this timeout in seconds for container shutdown")
    Integer timeout;

    @Option(names = "--pull", paramLabel = "POLICY", description = "Pull image before running (\"always\"|\"missing\"|\"never\")")
    String pull;

    @Option(names = "--quiet-pull", description = "Pull without printing progress information")
    boolean quietPull;

    @Option(names = "--no-color", description = "Produce monochrome output")
    boolean noColor;

    @Option(names = "--no-log-prefix", description = "Don't print prefix in logs")
    boolean noLogPrefix;

    @Option(names = {"-y", "--yes"}, description = "Assume \"yes\" as answer to all prompts")
    boolean yes;

    @Parameters(paramLabel = "SERVICE", arity = "0..*")
    List<String> services = new ArrayList<>();

    @Override
    int run() throws Exception {
        Project project = compose.project(spec, services);
        var service = compose.service(spec);
        var scales = new LinkedHashMap<String, Integer>();
        for (String s : scale) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new ComposeCommand.ComposeFailure("invalid --scale value " + s + ": expected SERVICE=NUM");
            }
            scales.put(s.substring(0, eq), Integer.parseInt(s.substring(eq + 1)));
        }
        Optional<Duration> stopTimeout = Optional.ofNullable(timeout).map(Duration::ofSeconds);
        var options = new ComposeService.UpOptions(services, noDeps, forceRecreate, noRecreate, removeOrphans, scales,
                !noStart, build, noBuild, stopTimeout, Optional.ofNullable(pull), quietPull);
        service.up(project, options);
        if (noStart) {
            return 0;
        }
        var targets = ComposeService.targets(project, services, noDeps);
        if (await) {
            service.awaitRunningOrHealthy(project, targets,
                    waitTimeout > 0 ? Duration.ofSeconds(waitTimeout) : Duration.ofDays(365));
            return 0;
        }
        if (detach) {
            return 0;
        }
        return attach(project, service, targets, stopTimeout);
    }

    /** Follows the containers' logs until they have all exited (or one has, with --abort-on-container-exit). */
    private int attach(Project project, ComposeService service, List<String> targets, Optional<Duration> stopTimeout)
            throws InterruptedException {
        var client = BerthCommands.root(spec).client();
        List<ContainerSummary> containers = service.containers(project.name(), true, targets).stream()
                .filter(c -> !"True".equals(ComposeService.label(c, Labels.ONEOFF))).toList();
        var out = new PrintStream(BerthCommands.stdout(spec), true, java.nio.charset.StandardCharsets.UTF_8);
        boolean color = !noColor && !"never".equals(compose.ansi) && ("always".equals(compose.ansi) || Terminal.stdoutIsTerminal());
        var logs = new ProjectLogs(client, out, project.name(), color, !noLogPrefix);
        logs.print("Attaching to " + String.join(", ", containers.stream().map(logs::shortName).toList()));
        var followers = logs.start(containers, new LogsOptions(true, true, true, Optional.empty(), Optional.empty(),
                OptionalInt.empty(), false));
        var exits = new LinkedBlockingQueue<Map.Entry<ContainerSummary, Integer>>();
        for (ContainerSummary c : containers) {
            Thread.ofVirtual().start(() -> {
                int code;
                try {
                    code = client.containers().await(c.id(), WaitCondition.NOT_RUNNING).statusCode().intValue();
                } catch (BerthException e) {
                    code = -1;
                }
                exits.add(Map.entry(c, code));
            });
        }
        boolean abort = abortOnExit || exitCodeFrom != null;
        Thread hook = new Thread(() -> {
            logs.print("Gracefully stopping... (press Ctrl+C again to force)");
            stopAll(client, containers, stopTimeout);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        int result = 0;
        boolean aborting = false;
        String codeFrom = exitCodeFrom;
        try {
            for (int done = 0; done < containers.size(); done++) {
                var exit = exits.take();
                String name = logs.shortName(exit.getKey());
                waitFor(followers, exit.getKey(), containers);
                logs.print(name + " exited with code " + exit.getValue());
                if (!abort) {
                    continue;
                }
                // as docker compose: the first exit stops the others; the code is --exit-code-from's, else the first's
                if (codeFrom == null) {
                    codeFrom = ComposeService.label(exit.getKey(), Labels.SERVICE);
                }
                if (codeFrom.equals(ComposeService.label(exit.getKey(), Labels.SERVICE))) {
                    result = exit.getValue();
                }
                if (!aborting) {
                    aborting = true;
                    logs.print("Aborting on container exit...");
                    var rest = containers.stream().filter(c -> c != exit.getKey()).toList();
                    Thread.ofVirtual().start(() -> stopAll(client, rest, stopTimeout));
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
        for (Thread t : followers) {
            t.join(2000);
        }
        return result;
    }

    private static void waitFor(List<Thread> followers, ContainerSummary c, List<ContainerSummary> containers)
            throws InterruptedException {
        followers.get(containers.indexOf(c)).join(2000);
    }

    private static void stopAll(io.berth.client.BerthClient client, List<ContainerSummary> containers,
                                Optional<Duration> timeout) {
        for (ContainerSummary c : containers.reversed()) {
            try {
                client.containers().stop(c.id(), new StopOptions(timeout, Optional.empty()));
            } catch (BerthException ignored) {
                // already gone
            }
        }
    }
}
