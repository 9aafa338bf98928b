package io.berth.cli.command.container;

import io.berth.api.model.StopOptions;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -t} and {@code -s}, shared by {@code stop} and {@code restart}. */
final class StopFlags {
    @Option(names = {"-t", "--time", "--timeout"}, paramLabel = "SECONDS",
            description = "Seconds to wait before killing the container")
    Integer seconds;

    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container")
    String signal;

    StopOptions options() {
        return new StopOptions(Optional.ofNullable(seconds).map(Duration::ofSeconds), Optional.ofNullable(signal));
    }
}
