package io.berth.cli.command.system;

import io.berth.cli.Terminal;
import io.berth.cli.auth.Credentials;
import io.berth.cli.command.container.BerthCommands;
import io.berth.common.BerthException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth login [-u USER] [-p PASS | --password-stdin] [SERVER]}: the daemon checks the
 * credentials ({@code POST /auth}); they are then kept as the docker CLI keeps them
 * ({@link Credentials}), with docker's messages.
 */
@Command(name = "login", description = "Log in to a registry")
public final class LoginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-u", "--username"}, description = "Username")
    String username;

    @Option(names = {"-p", "--password"}, description = "Password")
    String password;

    @Option(names = "--password-stdin", description = "Take the password from stdin")
    boolean passwordStdin;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
    String server;

    /** A failure of the CLI itself, printed as the docker CLI prints it (no "Error response from daemon"). */
    static final class LocalFailure extends RuntimeException {
        LocalFailure(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        try {
            return login();
        } catch (LocalFailure e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
    }

    private int login() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (password != null && !password.isEmpty()) {
            err.println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            err.flush();
            if (passwordStdin) {
                throw new LocalFailure("--password and --password-stdin are mutually exclusive");
            }
        }
        if (passwordStdin) {
            if (username == null || username.isEmpty()) {
                throw new LocalFailure("Must provide --username with --password-stdin");
            }
            try {
                password = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            password = password.endsWith("\n") ? password.substring(0, password.length() - 1) : password;
            password = password.endsWith("\r") ? password.substring(0, password.length() - 1) : password;
        }
        String address = server == null || server.isEmpty() || server.equals("docker.io") ? Credentials.DOCKER_HUB : server;
        String key = Credentials.key(address);
        var credentials = Credentials.fromEnvironment();

        com.fasterxml.jackson.databind.JsonNode reply = null;
        String user = username;
        String secret = password;
        if ((user == null || user.isEmpty()) && (secret == null || secret.isEmpty())) {
            var stored = credentials.get(key);
            if (stored.isPresent() && !stored.get().username().isEmpty() && !stored.get().password().isEmpty()) {
                out.println("Authenticating with existing credentials...");
                out.flush();
                try {
                    reply = BerthCommands.root(spec).client().images().login(stored.get().username(),
                            stored.get().password(), address);
                    user = stored.get().username();
                    secret = stored.get().password();
                } catch (BerthException e) {
                    err.println("Login did not succeed, error: " + e.getMessage());
                    err.flush();
                }
            }
        }
        if (reply == null) {
            if (user == null || user.isEmpty() || secret == null || secret.isEmpty()) {
                var console = System.console();
                if (console == null || !Terminal.stdinIsTerminal()) {
                    throw new LocalFailure("Error: Cannot perform an interactive login from a non TTY device");
                }
                if (user == null || user.isEmpty()) {
                    user = console.readLine("Username: ");
                    user = user == null ? "" : user.strip();
                    if (user.isEmpty()) {
                        throw new LocalFailure("Error: Non-null Username Required");
                    }
                }
                if (secret == null || secret.isEmpty()) {
                    char[] typed = console.readPassword("Password: ");
                    secret = typed == null ? "" : new String(typed);
                    if (secret.isEmpty()) {
                        throw new LocalFailure("Error: Password Required");
                    }
                }
            }
            reply = BerthCommands.root(spec).client().images().login(user, secret, address);
        }
        String token = reply.path("IdentityToken").asText("");
        var login = token.isEmpty() ? new Credentials.Login(user, secret, "", key) : new Credentials.Login(user, "", token, key);
        if (token.isEmpty() && !credentials.usesHelper(key)) {
            err.println("WARNING! Your password will be stored unencrypted in " + credentials.file() + ".\n"
                    + "Configure a credential helper to remove this warning. See\n"
                    + "https://docs.docker.com/engine/reference/commandline/login/#credentials-store\n");
            err.flush();
        }
        try {
            credentials.store(login);
        } catch (BerthException e) {
            throw new LocalFailure("Error saving credentials: " + e.getMessage());
        }
        String status = reply.path("Status").asText("");
        if (!status.isEmpty()) {
            out.println(status);
        }
        out.flush();
        return 0;
    }
}
