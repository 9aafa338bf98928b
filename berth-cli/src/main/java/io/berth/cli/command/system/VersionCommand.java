package io.berth.cli.command.system;

import io.berth.api.model.DockerApi;
import io.berth.api.model.SystemVersion;
import io.berth.cli.command.container.BerthCommands;
import io.berth.cli.format.TableFormat;
import io.berth.common.BerthException;
import io.berth.common.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth version}: client and server, as docker prints them. */
@Command(name = "version", description = "Show the Berth version information")
public final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var client = clientInfo();
        SystemVersion server = null;
        BerthException failure = null;
        try {
            server = BerthCommands.root(spec).client().version();
        } catch (BerthException e) {
            failure = e;
        }
        if (format != null) {
            var data = new LinkedHashMap<String, Object>();
            data.put("Client", client);
            Map<String, Object> serverData = null;
            if (server != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> converted = Json.mapper().convertValue(server, Map.class);
                serverData = new LinkedHashMap<>(converted);
                serverData.put("APIVersion", server.apiVersion()); // docker's Go field name
            }
            data.put("Server", serverData);
            out.print(TableFormat.of(format, Map.of()).renderOne(data));
        } else {
            print(out, client, server);
        }
        out.flush();
        if (failure != null) {
            spec.commandLine().getErr().println(failure.getMessage());
            return 1;
        }
        return 0;
    }

    private static Map<String, Object> clientInfo() {
        var c = new LinkedHashMap<String, Object>();
        c.put("Platform", Map.of("Name", "Berth"));
        c.put("Version", DockerApi.ENGINE_VERSION);
        c.put("ApiVersion", DockerApi.API_VERSION);
        c.put("APIVersion", DockerApi.API_VERSION);
        c.put("DefaultAPIVersion", DockerApi.API_VERSION);
        c.put("GitCommit", "berth");
        c.put("GoVersion", "java" + Runtime.version().feature());
        c.put("Os", "linux");
        c.put("Arch", System.getProperty("os.arch").equals("x86_64") ? "amd64" : System.getProperty("os.arch"));
        c.put("BuildTime", "");
        c.put("Context", "default");
        return c;
    }

    private static void print(PrintWriter out, Map<String, Object> client, SystemVersion server) {
        out.println("Client:");
        line(out, 1, "Version:", client.get("Version"));
        line(out, 1, "API version:", client.get("ApiVersion"));
        line(out, 1, "Go version:", client.get("GoVersion"));
        line(out, 1, "Git commit:", client.get("GitCommit"));
        line(out, 1, "Built:", client.get("BuildTime"));
        line(out, 1, "OS/Arch:", client.get("Os") + "/" + client.get("Arch"));
        line(out, 1, "Context:", client.get("Context"));
        if (server == null) {
            return;
        }
        out.println();
        out.println("Server: " + (server.platform() == null ? "" : server.platform().name()));
        for (var component : server.components()) {
            out.println(" " + component.name() + ":");
            line(out, 2, "Version:", component.version());
            if (component.name().equals("Engine")) {
                line(out, 2, "API version:", server.apiVersion() + " (minimum version " + server.minAPIVersion() + ")");
                line(out, 2, "Go version:", server.goVersion());
                line(out, 2, "Git commit:", server.gitCommit());
                line(out, 2, "Built:", server.buildTime());
                line(out, 2, "OS/Arch:", server.os() + "/" + server.arch());
                line(out, 2, "Experimental:", "false");
            } else if (component.details() != null && component.details().get("GitCommit") != null) {
                line(out, 2, "GitCommit:", component.details().get("GitCommit"));
            }
        }
    }

    private static void line(PrintWriter out, int indent, String label, Object value) {
        String pad = " ".repeat(indent);
        out.println(pad + label + " ".repeat(Math.max(1, 19 - indent - label.length() + 1)) + value);
    }
}
