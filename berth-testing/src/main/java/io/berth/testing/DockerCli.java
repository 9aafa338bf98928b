package io.berth.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the docker CLI is (/usr/local/bin/docker on these machines, or Debian's). */
public final class DockerCli {
    private DockerCli() {}

    public static String path() {
        for (String candidate : new String[] {"/usr/local/bin/docker", "/usr/bin/docker"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("the docker CLI is not installed (.ci/run installs it)");
    }
}
