package io.berth.cli.command.image;

import io.berth.cli.command.container.BerthCommands;
import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth import FILE|URL|- [REPOSITORY[:TAG]]}: prints the new image's ID (the daemon fetches a URL, as docker's does). */
@Command(name = "import", description = "Import the contents from a tarball to create a filesystem image")
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--change"}, description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, description = "Set commit message for imported image")
    String message = "";

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "file|URL|-")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    public Integer call() throws IOException {
        String repository = "";
        String tag = "";
        if (reference != null) {
            int slash = reference.lastIndexOf('/');
            int colon = reference.lastIndexOf(':');
            repository = colon > slash ? reference.substring(0, colon) : reference;
            tag = colon > slash ? reference.substring(colon + 1) : "";
        }
        var out = spec.commandLine().getOut();
        java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> status = line -> {
            if (line.hasNonNull("status")) {
                out.println(line.get("status").asText());
            }
        };
        if (source.startsWith("http://") || source.startsWith("https://")) { // as docker: the daemon fetches URLs
            BerthCommands.root(spec).client().images().importImage(source, repository, tag, message, changes, status);
            out.flush();
            return 0;
        }
        try (InputStream in = source.equals("-") ? System.in : Files.newInputStream(Path.of(source))) {
            BerthCommands.root(spec).client().images().importImage(in, repository, tag, message, changes, status);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidArgumentException("open " + source + ": no such file or directory");
        }
        out.flush();
        return 0;
    }
}
