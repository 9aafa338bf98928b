package io.berth.cli.command.image;

import io.berth.cli.Terminal;
import io.berth.cli.command.container.BerthCommands;
import io.berth.common.InvalidArgumentException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth save [-o FILE] IMAGE...}: never writes a tarball to a terminal. */
@Command(name = "save", description = "Save one or more images to a tar archive (streamed to STDOUT by default)")
public final class SaveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, description = "Write to a file, instead of STDOUT")
    Path output;

    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() throws IOException {
        var client = BerthCommands.root(spec).client();
        if (output == null) {
            if (Terminal.stdoutIsTerminal()) {
                throw new InvalidArgumentException(
                        "cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            OutputStream out = BerthCommands.stdout(spec);
            client.images().save(images, out);
            out.flush();
            return 0;
        }
        Path temp = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".berth-tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                client.images().save(images, out);
            }
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return 0;
    }
}
