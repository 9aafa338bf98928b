package io.berth.cli;

import io.berth.cli.command.container.AttachCommand;
import io.berth.cli.command.container.CommitCommand;
import io.berth.cli.command.container.CpCommand;
import io.berth.cli.command.container.DiffCommand;
import io.berth.cli.command.container.ExportCommand;
import io.berth.cli.command.container.ContainerCommand;
import io.berth.cli.command.container.CreateCommand;
import io.berth.cli.command.container.ExecCommand;
import io.berth.cli.command.container.InspectCommand;
import io.berth.cli.command.container.KillCommand;
import io.berth.cli.command.container.LogsCommand;
import io.berth.cli.command.container.PortCommand;
import io.berth.cli.command.container.PauseCommand;
import io.berth.cli.command.container.PsCommand;
import io.berth.cli.command.container.TopCommand;
import io.berth.cli.command.container.UnpauseCommand;
import io.berth.cli.command.container.UpdateCommand;
import io.berth.cli.command.network.NetworkCommand;
import io.berth.cli.command.network.NetworkConnectCommand;
import io.berth.cli.command.network.NetworkCreateCommand;
import io.berth.cli.command.network.NetworkDisconnectCommand;
import io.berth.cli.command.network.NetworkInspectCommand;
import io.berth.cli.command.network.NetworkLsCommand;
import io.berth.cli.command.network.NetworkPruneCommand;
import io.berth.cli.command.network.NetworkRmCommand;
import io.berth.cli.command.container.RenameCommand;
import io.berth.cli.command.container.RestartCommand;
import io.berth.cli.command.container.RmCommand;
import io.berth.cli.command.container.RunCommand;
import io.berth.cli.command.container.StartCommand;
import io.berth.cli.command.container.StatsCommand;
import io.berth.cli.command.container.StopCommand;
import io.berth.cli.command.container.WaitCommand;
import io.berth.cli.command.image.BootstrapCommand;
import io.berth.cli.command.image.BuildCommand;
import io.berth.cli.command.image.HistoryCommand;
import io.berth.cli.command.image.ImageCommand;
import io.berth.cli.command.image.ImageInspectCommand;
import io.berth.cli.command.image.ImagesCommand;
import io.berth.cli.command.image.ImportCommand;
import io.berth.cli.command.image.LoadCommand;
import io.berth.cli.command.image.PullCommand;
import io.berth.cli.command.image.PushCommand;
import io.berth.cli.command.image.RmiCommand;
import io.berth.cli.command.image.SaveCommand;
import io.berth.cli.command.image.TagCommand;
import io.berth.cli.command.system.EventsCommand;
import io.berth.cli.command.system.InfoCommand;
import io.berth.cli.command.system.SystemCommand;
import io.berth.cli.command.system.VersionCommand;
import io.berth.cli.command.volume.VolumeCommand;
import io.berth.cli.command.volume.VolumeCreateCommand;
import io.berth.cli.command.volume.VolumeInspectCommand;
import io.berth.cli.command.volume.VolumeLsCommand;
import io.berth.cli.command.volume.VolumePruneCommand;
import io.berth.cli.command.volume.VolumeRmCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Every command, by name, and the lazy registration that builds only the one a command line names. */
final class Commands {
    /** A command: its factory and its aliases. */
    private record Entry(Supplier<Object> factory, List<String> aliases) {}

    private static final Map<String, Entry> TOP = new LinkedHashMap<>();
    private static final Map<String, Entry> CONTAINER = new LinkedHashMap<>();
    private static final Map<String, Entry> IMAGE = new LinkedHashMap<>();
    private static final Map<String, Entry> NETWORK = new LinkedHashMap<>();
    private static final Map<String, Entry> SYSTEM = new LinkedHashMap<>();
    private static final Map<String, Entry> VOLUME = new LinkedHashMap<>();
    private static final Map<String, Entry> COMPOSE = new LinkedHashMap<>();
    private static final Map<String, Entry> BUILDER = new LinkedHashMap<>();
    private static final Map<String, Map<String, Entry>> GROUPS = Map.of("container", CONTAINER, "image", IMAGE,
            "network", NETWORK, "system", SYSTEM, "volume", VOLUME, "compose", COMPOSE, "builder", BUILDER);
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("-H", "--host");

    static {
        top("run", RunCommand::new);
        top("create", CreateCommand::new);
        top("start", StartCommand::new);
        top("stop", StopCommand::new);
        top("kill", KillCommand::new);
        top("restart", RestartCommand::new);
        top("rm", RmCommand::new);
        top("ps", PsCommand::new);
        top("logs", LogsCommand::new);
        top("inspect", InspectCommand::new);
        top("wait", WaitCommand::new);
        top("rename", RenameCommand::new);
        top("attach", AttachCommand::new);
        top("stats", StatsCommand::new);
        top("exec", ExecCommand::new);
        top("pause", PauseCommand::new);
        top("unpause", UnpauseCommand::new);
        top("update", UpdateCommand::new);
        top("top", TopCommand::new);
        top("cp", CpCommand::new);
        top("export", ExportCommand::new);
        top("diff", DiffCommand::new);
        top("commit", CommitCommand::new);
        top("images", ImagesCommand::new);
        top("rmi", RmiCommand::new);
        top("tag", TagCommand::new);
        top("load", LoadCommand::new);
        top("save", SaveCommand::new);
        top("import", ImportCommand::new);
        top("history", HistoryCommand::new);
        top("pull", PullCommand::new);
        top("push", PushCommand::new);
        top("build", BuildCommand::new);
        top("version", VersionCommand::new);
        top("info", InfoCommand::new);
        top("login", io.berth.cli.command.system.LoginCommand::new);
        top("logout", io.berth.cli.command.system.LogoutCommand::new);
        top("port", PortCommand::new);
        top("events", EventsCommand::new);
        top("container", ContainerCommand::new);
        top("network", NetworkCommand::new);
        top("image", ImageCommand::new);
        top("system", SystemCommand::new);
        top("volume", VolumeCommand::new);
        top("compose", io.berth.cli.command.compose.ComposeCommands::group);
        top("search", io.berth.cli.command.image.SearchCommand::new);
        top("builder", io.berth.cli.command.builder.BuilderCommand::new);

        for (String name : List.of("run", "create", "start", "stop", "kill", "restart", "rm", "logs", "inspect", "wait",
                "rename", "attach", "port", "stats", "exec")) {
            CONTAINER.put(name, TOP.get(name));
        }
        for (String name : List.of("pause", "unpause", "update", "top", "cp", "export", "diff", "commit")) {
            CONTAINER.put(name, TOP.get(name));
        }
        CONTAINER.put("ls", new Entry(PsCommand::new, List.of("list", "ps")));
        IMAGE.put("ls", new Entry(ImagesCommand::new, List.of("list")));
        IMAGE.put("rm", new Entry(RmiCommand::new, List.of("remove")));
        for (String name : List.of("tag", "load", "save", "import", "history", "pull", "push")) {
            IMAGE.put(name, TOP.get(name));
        }
        IMAGE.put("inspect", new Entry(ImageInspectCommand::new, List.of()));
        IMAGE.put("bootstrap", new Entry(BootstrapCommand::new, List.of()));
        IMAGE.put("build", TOP.get("build"));
        NETWORK.put("create", new Entry(NetworkCreateCommand::new, List.of()));
        NETWORK.put("ls", new Entry(NetworkLsCommand::new, List.of("list")));
        NETWORK.put("inspect", new Entry(NetworkInspectCommand::new, List.of()));
        NETWORK.put("rm", new Entry(NetworkRmCommand::new, List.of("remove")));
        NETWORK.put("prune", new Entry(NetworkPruneCommand::new, List.of()));
        NETWORK.put("connect", new Entry(NetworkConnectCommand::new, List.of()));
        NETWORK.put("disconnect", new Entry(NetworkDisconnectCommand::new, List.of()));
        VOLUME.put("create", new Entry(VolumeCreateCommand::new, List.of()));
        VOLUME.put("ls", new Entry(VolumeLsCommand::new, List.of("list")));
        VOLUME.put("inspect", new Entry(VolumeInspectCommand::new, List.of()));
        VOLUME.put("rm", new Entry(VolumeRmCommand::new, List.of("remove")));
        VOLUME.put("prune", new Entry(VolumePruneCommand::new, List.of()));
        for (String name : List.of("events", "info")) {
            SYSTEM.put(name, TOP.get(name));
        }
        SYSTEM.put("df", new Entry(io.berth.cli.command.system.SystemDfCommand::new, List.of()));
        SYSTEM.put("prune", new Entry(io.berth.cli.command.system.SystemPruneCommand::new, List.of()));
        CONTAINER.put("prune", new Entry(io.berth.cli.command.container.ContainerPruneCommand::new, List.of()));
        IMAGE.put("prune", new Entry(io.berth.cli.command.image.ImagePruneCommand::new, List.of()));
        IMAGE.put("tree", new Entry(io.berth.cli.command.image.ImageTreeCommand::new, List.of()));
        BUILDER.put("prune", new Entry(io.berth.cli.command.builder.BuilderPruneCommand::new, List.of()));
        BUILDER.put("build", TOP.get("build"));
        io.berth.cli.command.compose.ComposeCommands.all().forEach((name, factory) -> COMPOSE.put(name,
                new Entry(factory, List.of())));
    }

    private Commands() {}

    private static void top(String name, Supplier<Object> factory) {
        TOP.put(name, new Entry(factory, List.of()));
    }

    /** Adds to {@code root} the command {@code args} names (and, for a group, its one subcommand), or all. */
    static void register(CommandLine root, String[] args) {
        List<String> words = positionals(args);
        String first = words.isEmpty() ? null : words.getFirst();
        Entry entry = first == null ? null : TOP.get(first);
        if (entry == null) {
            registerAll(root, TOP);
            return;
        }
        CommandLine command = add(root, first, entry);
        Map<String, Entry> group = GROUPS.get(first);
        if (group != null) {
            String second = words.size() > 1 ? words.get(1) : null;
            Entry sub = second == null ? null : find(group, second);
            if (sub == null) {
                registerAll(command, group);
            } else {
                add(command, canonical(group, second), sub);
            }
        }
    }

    private static void registerAll(CommandLine parent, Map<String, Entry> commands) {
        commands.forEach((name, entry) -> {
            CommandLine added = add(parent, name, entry);
            Map<String, Entry> group = parent.getCommandSpec().parent() == null ? GROUPS.get(name) : null;
            if (group != null) {
                registerAll(added, group);
            }
        });
    }

    private static CommandLine add(CommandLine parent, String name, Entry entry) {
        parent.addSubcommand(name, entry.factory().get(), entry.aliases().toArray(String[]::new));
        return parent.getSubcommands().get(name);
    }

    private static Entry find(Map<String, Entry> group, String word) {
        Entry direct = group.get(word);
        if (direct != null) {
            return direct;
        }
        return group.values().stream().filter(e -> e.aliases().contains(word)).findFirst().orElse(null);
    }

    private static String canonical(Map<String, Entry> group, String word) {
        if (group.containsKey(word)) {
            return word;
        }
        return group.entrySet().stream().filter(e -> e.getValue().aliases().contains(word)).findFirst()
                .map(Map.Entry::getKey).orElse(word);
    }

    /** The words before the first command's own options: global options and their values skipped. */
    static List<String> positionals(String[] args) {
        var words = new java.util.ArrayList<String>();
        if (args == null) {
            return words;
        }
        for (int i = 0; i < args.length && words.size() < 2; i++) {
            String arg = args[i];
            if (words.isEmpty() && GLOBAL_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                words.add(arg);
            } else if (!words.isEmpty()) {
                break; // the command's own options start: a group's subcommand comes before them
            }
        }
        return words;
    }
}
