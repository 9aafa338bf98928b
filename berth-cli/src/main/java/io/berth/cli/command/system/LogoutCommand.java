package io.berth.cli.command.system;

import io.berth.cli.auth.Credentials;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth logout [SERVER]}: forgets the login of a registry (config.json and its credential helper). */
@Command(name = "logout", description = "Log out from a registry")
public final class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
    String server;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        String address = server == null || server.isEmpty() || server.equals("docker.io") ? Credentials.DOCKER_HUB : server;
        String key = Credentials.key(address);
        if (!Credentials.fromEnvironment().erase(key)) {
            out.println("Not logged in to " + key);
        } else {
            out.println("Removing login credentials for " + key);
        }
        out.flush();
        return 0;
    }
}
