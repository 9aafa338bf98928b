package io.berth.testing;

import io.berth.common.Exec;
import io.berth.common.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs programs for tests: the docker CLI against a berthd, or Berth's own CLI as a separate process. */
public final class Processes {
    private Processes() {}

    /** The java binary that runs these tests. */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** {@code java -cp <this test class path> <main> args…} */
    public static List<String> javaMain(String mainClass, List<String> args) {
        var argv = new ArrayList<String>(List.of(java(), "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        argv.addAll(args);
        return argv;
    }

    public static ExecResult run(List<String> argv, String stdin, Duration timeout) {
        return Exec.run(argv, Map.of(), stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8), timeout);
    }

    public static ExecResult run(List<String> argv, Map<String, String> env, String stdin, Duration timeout) {
        return Exec.run(argv, env, stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8), timeout);
    }
}
