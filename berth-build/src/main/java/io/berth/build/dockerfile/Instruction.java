package io.berth.build.dockerfile;

import io.berth.build.dockerfile.DockerfileParser.Heredoc;
import java.util.List;
import java.util.Optional;

/**
 * A Dockerfile instruction, checked but not yet expanded: words that take variables are kept as
 * written (with their quotes) and are expanded with {@link ShellLex} when the build reaches them,
 * because their values depend on the {@code ENV} and {@code ARG} before them.
 */
public sealed interface Instruction {
    /** Where it came from: the text as written (continuations joined) and its first line. */
    Source source();

    record Source(String text, int line) {}

    /** The shell form ({@code RUN echo hi}) or the exec form ({@code RUN ["echo", "hi"]}) of a command. */
    sealed interface Command {
        record ShellForm(String script) implements Command {}

        record ExecForm(List<String> args) implements Command {
            public ExecForm {
                args = List.copyOf(args);
            }
        }
    }

    record KeyValue(String key, String value) {}

    record ArgDef(String name, Optional<String> defaultValue) {}

    record From(Source source, String image, Optional<String> stageName, Optional<String> platform)
            implements Instruction {}

    record Run(Source source, Command command, List<Heredoc> heredocs, Optional<String> network) implements Instruction {
        public Run {
            heredocs = List.copyOf(heredocs);
        }
    }

    record Cmd(Source source, Command command) implements Instruction {}

    record Entrypoint(Source source, Command command) implements Instruction {}

    record Env(Source source, List<KeyValue> pairs) implements Instruction {
        public Env {
            pairs = List.copyOf(pairs);
        }
    }

    record Label(Source source, List<KeyValue> pairs) implements Instruction {
        public Label {
            pairs = List.copyOf(pairs);
        }
    }

    record Arg(Source source, List<ArgDef> args) implements Instruction {
        public Arg {
            args = List.copyOf(args);
        }
    }

    record Expose(Source source, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    /**
     * {@code COPY} or {@code ADD} ({@code add}): sources and destination as written, the flags, and
     * the here-documents that sources named {@code <<NAME} refer to.
     */
    record Copy(Source source, boolean add, List<String> sources, String dest, Optional<String> from,
                Optional<String> chown, Optional<String> chmod, boolean link, Optional<String> checksum,
                List<Heredoc> heredocs) implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
        }

        public String name() {
            return add ? "ADD" : "COPY";
        }
    }

    record Workdir(Source source, String path) implements Instruction {}

    record User(Source source, String user) implements Instruction {}

    record Volume(Source source, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    /**
     * {@code HEALTHCHECK NONE} ({@code test = ["NONE"]}) or {@code HEALTHCHECK [options] CMD …}
     * ({@code ["CMD", …]} or {@code ["CMD-SHELL", "…"]}); durations in nanoseconds, 0 for the default.
     */
    record Healthcheck(Source source, List<String> test, long interval, long timeout, long startPeriod,
                       long startInterval, int retries) implements Instruction {
        public Healthcheck {
            test = List.copyOf(test);
        }
    }

    record Shell(Source source, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    record StopSignal(Source source, String signal) implements Instruction {}

    /** {@code ONBUILD <instruction>}: the trigger as written, stored in the image for its children. */
    record OnBuild(Source source, String trigger) implements Instruction {}

    record Maintainer(Source source, String name) implements Instruction {}
}
