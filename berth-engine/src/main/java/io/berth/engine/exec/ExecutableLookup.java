package io.berth.engine.exec;

import io.berth.engine.container.RootfsPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Why an executable cannot be run, found by looking in the container's root filesystem the way
 * the runtime would ({@code $PATH} of the process, or the path as given). Used to explain a failed
 * exec when the runtime could not say (crun reports a failed exec with a terminal on the terminal,
 * which nobody reads yet).
 */
final class ExecutableLookup {
    private static final Set<PosixFilePermission> EXECUTE = Set.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private ExecutableLookup() {}

    /** Docker's reason ({@code exec: "x": executable file not found in $PATH}), or empty if it looks runnable. */
    static Optional<String> problem(Path rootfs, String executable, List<String> env, String cwd) {
        if (executable.contains("/")) {
            String path = executable.startsWith("/") ? executable : cwd + "/" + executable;
            Path file = RootfsPaths.resolve(rootfs, path);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("exec: \"" + executable + "\": stat " + executable + ": no such file or directory");
            }
            return runnable(file) ? Optional.empty()
                    : Optional.of("exec: \"" + executable + "\": permission denied");
        }
        String searchPath = env.stream().filter(e -> e.startsWith("PATH=")).reduce((a, b) -> b)
                .map(e -> e.substring(5)).orElse(ExecProcessSpec.DEFAULT_PATH.substring(5));
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path file = RootfsPaths.resolve(rootfs, dir + "/" + executable);
            if (runnable(file)) {
                return Optional.empty();
            }
        }
        return Optional.of("exec: \"" + executable + "\": executable file not found in $PATH");
    }

    private static boolean runnable(Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).stream().anyMatch(EXECUTE::contains);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
