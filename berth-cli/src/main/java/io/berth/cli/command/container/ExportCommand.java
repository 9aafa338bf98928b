package io.berth.cli.command.container;

import io.berth.cli.Terminal;
import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth export [-o FILE] CONTAINER}: the container's root filesystem as a tar; never to a terminal. */
@Command(name = "export", description = "Export a container's filesystem as a tar archive")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT")
    Path output;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws IOException {
        var files = BerthCommands.root(spec).client().files();
        if (output == null) {
            if (Terminal.stdoutIsTerminal()) {
                throw new InvalidArgumentException(
                        "cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            OutputStream out = BerthCommands.stdout(spec);
            files.export(container, out);
            out.flush();
            return 0;
        }
        Path temp = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".berth-tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                files.export(container, out);
            }
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return 0;
    }
}
