package io.berth.cli.command.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code compose} group and its verbs, for the CLI's lazy registration. */
public final class ComposeCommands {
    private ComposeCommands() {}

    public static Object group() {
        return new ComposeCommand();
    }

    public static Map<String, Supplier<Object>> all() {
        var m = new LinkedHashMap<String, Supplier<Object>>();
        m.put("build", ComposeMoreVerbs.Build::new);
        m.put("config", ComposeConfigCommand::new);
        m.put("cp", ComposeCpCommand::new);
        m.put("create", ComposeVerbs.Create::new);
        m.put("down", ComposeDownCommand::new);
        m.put("events", ComposeMoreVerbs.Events::new);
        m.put("exec", ComposeExecCommand::new);
        m.put("images", ComposeVerbs.Images::new);
        m.put("kill", ComposeVerbs.Kill::new);
        m.put("logs", ComposeLogsCommand::new);
        m.put("ls", ComposeVerbs.Ls::new);
        m.put("pause", ComposeVerbs.Pause::new);
        m.put("port", ComposeVerbs.Port::new);
        m.put("ps", ComposePsCommand::new);
        m.put("pull", ComposeVerbs.Pull::new);
        m.put("push", ComposeMoreVerbs.Push::new);
        m.put("restart", ComposeVerbs.Restart::new);
        m.put("rm", ComposeVerbs.Rm::new);
        m.put("run", ComposeRunCommand::new);
        m.put("start", ComposeVerbs.Start::new);
        m.put("stop", ComposeVerbs.Stop::new);
        m.put("top", ComposeMoreVerbs.Top::new);
        m.put("unpause", ComposeVerbs.Unpause::new);
        m.put("up", ComposeUpCommand::new);
        m.put("version", ComposeVersionCommand::new);
        m.put("wait", ComposeVerbs.Wait::new);
        return m;
    }
}
