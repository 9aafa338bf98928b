package io.berth.build.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.build.dockerfile.DockerfileParser.Node;
import io.berth.build.dockerfile.Instruction.ArgDef;
import io.berth.build.dockerfile.Instruction.Command;
import io.berth.build.dockerfile.Instruction.KeyValue;
import io.berth.build.dockerfile.Instruction.Source;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The second stage: each {@link Node} becomes a typed {@link Instruction}, checked with the
 * classic builder's messages, and the instructions are grouped into stages (one per
 * {@code FROM}); {@code ARG}s before the first {@code FROM} are the meta arguments.
 */
public final class Instructions {
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-_.]*");

    private Instructions() {}

    /** A whole Dockerfile: meta {@code ARG}s, stages, the escape character and the parser's warnings. */
    public record BuildFile(List<Instruction.Arg> metaArgs, List<Stage> stages, char escape, List<String> warnings,
                            Map<String, String> directives) {
        public BuildFile {
            metaArgs = List.copyOf(metaArgs);
            stages = List.copyOf(stages);
            warnings = List.copyOf(warnings);
            directives = Map.copyOf(directives);
        }

        /** The index of the stage named (or numbered) {@code nameOrIndex}, if any. */
        public Optional<Integer> stageIndex(String nameOrIndex) {
            String lower = nameOrIndex.toLowerCase(Locale.ROOT);
            for (Stage stage : stages) {
                if (stage.name().isPresent() && stage.name().get().equals(lower)) {
                    return Optional.of(stage.index());
                }
            }
            if (nameOrIndex.matches("\\d{1,9}")) {
                int index = Integer.parseInt(nameOrIndex);
                if (index < stages.size()) {
                    return Optional.of(index);
                }
            }
            return Optional.empty();
        }
    }

    /** One build stage: its {@code FROM} and the instructions after it. */
    public record Stage(int index, Optional<String> name, Instruction.From from, List<Instruction> instructions) {
        public Stage {
            instructions = List.copyOf(instructions);
        }
    }

    public static BuildFile parse(String dockerfile) {
        return parse(DockerfileParser.parse(dockerfile));
    }

    public static BuildFile parse(DockerfileParser.Result parsed) {
        var metaArgs = new ArrayList<Instruction.Arg>();
        var stages = new ArrayList<Stage>();
        Instruction.From from = null;
        var current = new ArrayList<Instruction>();
        Set<String> names = new HashSet<>();
        for (Node node : parsed.nodes()) {
            Instruction instruction;
            try {
                instruction = instruction(node, parsed.escape());
            } catch (InvalidArgumentException e) {
                throw ParseErrors.at(e.getMessage(), node.startLine());
            }
            if (instruction instanceof Instruction.From f) {
                if (from != null) {
                    stages.add(new Stage(stages.size(), from.stageName(), from, current));
                }
                if (f.stageName().isPresent() && !names.add(f.stageName().get())) {
                    throw ParseErrors.at("duplicate name " + f.stageName().get(), node.startLine());
                }
                from = f;
                current = new ArrayList<>();
            } else if (from == null) {
                if (instruction instanceof Instruction.Arg arg) {
                    metaArgs.add(arg);
                } else {
                    throw ParseErrors.at("no build stage in current context", node.startLine());
                }
            } else {
                current.add(instruction);
            }
        }
        if (from != null) {
            stages.add(new Stage(stages.size(), from.stageName(), from, current));
        }
        return new BuildFile(metaArgs, stages, parsed.escape(), parsed.warnings(), parsed.directives());
    }

    /** Parses one node; errors are plain messages (the caller adds the line). */
    public static Instruction instruction(Node node, char escape) {
        var src = new Source(node.original(), node.startLine());
        var flags = new Flags(node.keyword(), node.flags());
        String rest = node.rest();
        String name = node.keyword().toUpperCase(Locale.ROOT);
        Instruction result = switch (node.keyword()) {
            case "from" -> {
                var platform = flags.string("platform");
                var words = DockerfileParser.rawWords(rest, escape);
                Optional<String> stage = Optional.empty();
                if (words.size() == 3 && words.get(1).equalsIgnoreCase("as")) {
                    String stageName = words.get(2).toLowerCase(Locale.ROOT);
                    if (!STAGE_NAME.matcher(stageName).matches()) {
                        throw new InvalidArgumentException("invalid name for build stage: \"" + words.get(2)
                                + "\", name can't start with a number or contain symbols");
                    }
                    stage = Optional.of(stageName);
                } else if (words.size() != 1) {
                    throw new InvalidArgumentException("FROM requires either one or three arguments");
                }
                yield new Instruction.From(src, words.getFirst(), stage, platform);
            }
            case "run" -> {
                var network = flags.string("network");
                flags.string("mount").ifPresent(_ -> {
                    throw new InvalidArgumentException("RUN --mount is not supported by the classic builder");
                });
                flags.string("security").ifPresent(_ -> {
                    throw new InvalidArgumentException("RUN --security is not supported by the classic builder");
                });
                if (network.isPresent() && !List.of("default", "none", "host").contains(network.get())) {
                    throw new InvalidArgumentException("unsupported network mode " + network.get());
                }
                yield new Instruction.Run(src, command(name, rest, false), node.heredocs(), network);
            }
            case "cmd" -> new Instruction.Cmd(src, command(name, rest, false));
            case "entrypoint" -> new Instruction.Entrypoint(src, command(name, rest, false));
            case "env" -> new Instruction.Env(src, nameValues(name, rest, escape));
            case "label" -> new Instruction.Label(src, nameValues(name, rest, escape));
            case "arg" -> {
                var words = DockerfileParser.rawWords(rest, escape);
                if (words.isEmpty()) {
                    throw new InvalidArgumentException("ARG requires at least one argument");
                }
                var args = new ArrayList<ArgDef>();
                for (String word : words) {
                    int eq = word.indexOf('=');
                    String key = eq < 0 ? word : word.substring(0, eq);
                    if (key.isEmpty()) {
                        throw new InvalidArgumentException("ARG names can not be blank");
                    }
                    args.add(new ArgDef(key, eq < 0 ? Optional.empty() : Optional.of(word.substring(eq + 1))));
                }
                yield new Instruction.Arg(src, args);
            }
            case "expose" -> {
                var words = DockerfileParser.rawWords(rest, escape);
                if (words.isEmpty()) {
                    throw new InvalidArgumentException("EXPOSE requires at least one argument");
                }
                yield new Instruction.Expose(src, words);
            }
            case "copy", "add" -> copy(node, src, flags, escape);
            case "workdir" -> new Instruction.Workdir(src, single(name, rest, escape));
            case "user" -> new Instruction.User(src, single(name, rest, escape));
            case "volume" -> {
                var json = jsonArray(rest);
                var paths = json.orElseGet(() -> DockerfileParser.rawWords(rest, escape));
                if (paths.isEmpty()) {
                    throw new InvalidArgumentException("VOLUME requires at least one argument");
                }
                for (String p : paths) {
                    if (p.isBlank()) {
                        throw new InvalidArgumentException("VOLUME specified can not be an empty string");
                    }
                }
                yield new Instruction.Volume(src, paths);
            }
            case "healthcheck" -> healthcheck(src, flags, rest);
            case "shell" -> {
                var json = jsonArray(rest);
                if (json.isEmpty()) {
                    throw new InvalidArgumentException("SHELL requires the arguments to be in JSON form");
                }
                if (json.get().isEmpty()) {
                    throw new InvalidArgumentException("SHELL requires at least one argument");
                }
                yield new Instruction.Shell(src, json.get());
            }
            case "stopsignal" -> new Instruction.StopSignal(src, single(name, rest, escape));
            case "onbuild" -> {
                if (rest.isEmpty()) {
                    throw new InvalidArgumentException("ONBUILD requires at least one argument");
                }
                var trigger = DockerfileParser.parse(rest).nodes();
                if (trigger.isEmpty()) {
                    throw new InvalidArgumentException("ONBUILD requires at least one argument");
                }
                String keyword = trigger.getFirst().keyword().toUpperCase(Locale.ROOT);
                if (keyword.equals("ONBUILD")) {
                    throw new InvalidArgumentException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                }
                if (keyword.equals("FROM") || keyword.equals("MAINTAINER")) {
                    throw new InvalidArgumentException(keyword + " isn't allowed as an ONBUILD trigger");
                }
                instruction(trigger.getFirst(), escape); // the trigger must itself be valid
                yield new Instruction.OnBuild(src, rest);
            }
            case "maintainer" -> {
                if (rest.isEmpty()) {
                    throw new InvalidArgumentException("MAINTAINER requires exactly one argument");
                }
                yield new Instruction.Maintainer(src, rest);
            }
            default -> throw new InvalidArgumentException("unknown instruction: " + name);
        };
        flags.checkAllUsed();
        return result;
    }

    private static Instruction copy(Node node, Source src, Flags flags, char escape) {
        boolean add = node.keyword().equals("add");
        String name = add ? "ADD" : "COPY";
        var from = add ? Optional.<String>empty() : flags.string("from");
        var chown = flags.string("chown");
        var chmod = flags.string("chmod");
        boolean link = flags.bool("link");
        var checksum = add ? flags.string("checksum") : Optional.<String>empty();
        if (add) {
            flags.bool("keep-git-dir");
        }
        if (chmod.isPresent() && !chmod.get().matches("[0-7]{1,4}") && !chmod.get().contains("$")) {
            throw new InvalidArgumentException("invalid chmod parameter: " + chmod.get());
        }
        var json = jsonArray(node.rest());
        List<String> words = json.orElseGet(() -> DockerfileParser.rawWords(node.rest(), escape));
        if (words.size() < 2) {
            throw new InvalidArgumentException(name + " requires at least two arguments, but only one was provided."
                    + " Destination could not be determined.");
        }
        return new Instruction.Copy(src, add, words.subList(0, words.size() - 1), words.getLast(), from, chown, chmod,
                link, checksum, node.heredocs());
    }

    private static Instruction healthcheck(Source src, Flags flags, String rest) {
        var words = rest.strip().split("\\s+", 2);
        String type = words[0].toUpperCase(Locale.ROOT);
        if (rest.isBlank()) {
            throw new InvalidArgumentException("HEALTHCHECK requires at least one argument");
        }
        long interval = duration("interval", flags.string("interval"));
        long timeout = duration("timeout", flags.string("timeout"));
        long startPeriod = duration("start-period", flags.string("start-period"));
        long startInterval = duration("start-interval", flags.string("start-interval"));
        int retries = 0;
        var retriesFlag = flags.string("retries");
        if (retriesFlag.isPresent()) {
            try {
                retries = Integer.parseInt(retriesFlag.get());
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("strconv.ParseInt: parsing \"" + retriesFlag.get()
                        + "\": invalid syntax");
            }
            if (retries < 0) {
                throw new InvalidArgumentException("--retries cannot be negative (" + retries + ")");
            }
        }
        switch (type) {
            case "NONE" -> {
                if (words.length > 1) {
                    throw new InvalidArgumentException("HEALTHCHECK NONE takes no arguments");
                }
                return new Instruction.Healthcheck(src, List.of("NONE"), 0, 0, 0, 0, 0);
            }
            case "CMD" -> {
                if (words.length < 2 || words[1].isBlank()) {
                    throw new InvalidArgumentException("Missing command after HEALTHCHECK CMD");
                }
                var test = new ArrayList<String>();
                switch (command("HEALTHCHECK", words[1], false)) {
                    case Command.ExecForm exec -> {
                        test.add("CMD");
                        test.addAll(exec.args());
                    }
                    case Command.ShellForm shell -> {
                        test.add("CMD-SHELL");
                        test.add(shell.script());
                    }
                }
                return new Instruction.Healthcheck(src, test, interval, timeout, startPeriod, startInterval, retries);
            }
            default -> throw new InvalidArgumentException("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
    }

    /** A Go duration ({@code 30s}, {@code 1m30s}, {@code 500ms}) in nanoseconds; 0 when absent. */
    static long duration(String flag, Optional<String> value) {
        if (value.isEmpty() || value.get().isEmpty()) {
            return 0;
        }
        String s = value.get();
        var m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)").matcher(s);
        long total = 0;
        int pos = 0;
        while (m.find() && m.start() == pos) {
            double amount = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total += (long) (amount * unit);
            pos = m.end();
        }
        if (pos != s.length() || s.equals("0")) {
            if (s.equals("0")) {
                return 0;
            }
            throw new InvalidArgumentException("time: invalid duration \"" + s + "\"");
        }
        if (total > 0 && total < 1_000_000L) {
            throw new InvalidArgumentException("Interval \"" + flag + "\" cannot be less than 1ms");
        }
        return total;
    }

    /** The exec form if the text is a JSON array of strings, else the shell form (Docker's rule). */
    static Command command(String name, String rest, boolean allowEmpty) {
        var json = jsonArray(rest);
        if (json.isPresent()) {
            return new Command.ExecForm(json.get());
        }
        if (rest.isBlank() && !allowEmpty) {
            throw new InvalidArgumentException(name + " requires at least one argument");
        }
        return new Command.ShellForm(rest);
    }

    static Optional<List<String>> jsonArray(String rest) {
        String s = rest.strip();
        if (!s.startsWith("[") || !s.endsWith("]")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(s);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        var out = new ArrayList<String>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return Optional.empty();
            }
            out.add(item.asText());
        }
        return Optional.of(out);
    }

    private static String single(String name, String rest, char escape) {
        var words = DockerfileParser.rawWords(rest, escape);
        if (words.size() != 1) {
            if (words.isEmpty() || !name.equals("WORKDIR")) {
                throw new InvalidArgumentException(name + " requires exactly one argument");
            }
            return rest.strip(); // WORKDIR /path with spaces
        }
        return words.getFirst();
    }

    /** {@code ENV}/{@code LABEL}: {@code key=value} words, or the old {@code key value} form (one pair). */
    static List<KeyValue> nameValues(String name, String rest, char escape) {
        var words = DockerfileParser.rawWords(rest, escape);
        if (words.isEmpty()) {
            throw new InvalidArgumentException(name + " requires at least one argument");
        }
        var pairs = new ArrayList<KeyValue>();
        if (!words.getFirst().contains("=")) {
            // the old form: the first word is the name, the rest of the line its value
            if (words.size() < 2) {
                throw new InvalidArgumentException(name + " must have two arguments");
            }
            String key = words.getFirst();
            String value = rest.strip().substring(key.length()).strip();
            pairs.add(new KeyValue(key, value));
            return pairs;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new InvalidArgumentException("Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value");
            }
            String key = word.substring(0, eq);
            if (key.isEmpty()) {
                throw new InvalidArgumentException(name + " names can not be blank");
            }
            pairs.add(new KeyValue(key, word.substring(eq + 1)));
        }
        return pairs;
    }

    /** The {@code --name[=value]} flags of one instruction; anything not asked for is an unknown flag. */
    private static final class Flags {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Set<String> used = new HashSet<>();

        Flags(String keyword, List<String> raw) {
            for (String flag : raw) {
                String body = flag.substring(2);
                int eq = body.indexOf('=');
                String key = eq < 0 ? body : body.substring(0, eq);
                if (values.containsKey(key)) {
                    throw new InvalidArgumentException("Duplicate flag specified: " + key);
                }
                values.put(key, eq < 0 ? null : body.substring(eq + 1));
            }
        }

        Optional<String> string(String name) {
            used.add(name);
            if (!values.containsKey(name)) {
                return Optional.empty();
            }
            String value = values.get(name);
            if (value == null) {
                throw new InvalidArgumentException("Missing a value on flag: " + name);
            }
            return Optional.of(value);
        }

        boolean bool(String name) {
            used.add(name);
            if (!values.containsKey(name)) {
                return false;
            }
            String value = values.get(name);
            if (value == null || value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
            throw new InvalidArgumentException("expecting boolean value for flag " + name + ", not: " + value);
        }

        void checkAllUsed() {
            for (String key : values.keySet()) {
                if (!used.contains(key)) {
                    throw new InvalidArgumentException("Unknown flag: " + key);
                }
            }
        }
    }
}
