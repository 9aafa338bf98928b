package io.berth.cli.command.image;

import io.berth.cli.Terminal;
import io.berth.cli.command.container.BerthCommands;
import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code berth load [-i FILE]}: docker-archive or OCI-layout tarballs. */
@Command(name = "load", description = "Load an image from a tar archive or STDIN")
public final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, description = "Read from tar archive file, instead of STDIN")
    Path input;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the load output")
    boolean quiet;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Override
    public Integer call() throws IOException {
        if (input == null && Terminal.stdinIsTerminal()) {
            throw new InvalidArgumentException("requested load from stdin, but stdin is empty");
        }
        var out = spec.commandLine().getOut();
        try (InputStream in = input == null ? System.in : Files.newInputStream(input)) {
            BerthCommands.root(spec).client().images().load(in, quiet, line -> {
                if (line.hasNonNull("stream")) {
                    out.print(line.get("stream").asText());
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidArgumentException("open " + input + ": no such file or directory");
        }
        out.flush();
        return 0;
    }
}
