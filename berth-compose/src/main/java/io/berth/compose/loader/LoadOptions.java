package io.berth.compose.loader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a command line says about the project to load: {@code -f} files (none: discovery),
 * {@code -p}, {@code --project-directory}, {@code --env-file}s, {@code --profile}s, the services it
 * names (they are enabled whatever their profiles), and the process's environment and directory.
 */
public record LoadOptions(List<Path> files, Optional<String> projectName, Optional<Path> projectDirectory,
                          List<Path> envFiles, List<String> profiles, List<String> services,
                          Map<String, String> environment, Path workingDirectory, boolean interpolate) {

    public LoadOptions {
        files = List.copyOf(files);
        envFiles = List.copyOf(envFiles);
        profiles = List.copyOf(profiles);
        services = List.copyOf(services);
        environment = Map.copyOf(environment);
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** Discovery from {@code directory} with the given environment and nothing else said. */
    public static LoadOptions in(Path directory, Map<String, String> environment) {
        return new LoadOptions(List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                environment, directory, true);
    }

    public LoadOptions withFiles(List<Path> files) {
        return new LoadOptions(files, projectName, projectDirectory, envFiles, profiles, services, environment,
                workingDirectory, interpolate);
    }

    public LoadOptions withProjectName(String name) {
        return new LoadOptions(files, Optional.of(name), projectDirectory, envFiles, profiles, services, environment,
                workingDirectory, interpolate);
    }

    public LoadOptions withProfiles(List<String> profiles) {
        return new LoadOptions(files, projectName, projectDirectory, envFiles, profiles, services, environment,
                workingDirectory, interpolate);
    }

    public LoadOptions withServices(List<String> services) {
        return new LoadOptions(files, projectName, projectDirectory, envFiles, profiles, services, environment,
                workingDirectory, interpolate);
    }

    public LoadOptions withEnvFiles(List<Path> envFiles) {
        return new LoadOptions(files, projectName, projectDirectory, envFiles, profiles, services, environment,
                workingDirectory, interpolate);
    }

    public LoadOptions withProjectDirectory(Path directory) {
        return new LoadOptions(files, projectName, Optional.of(directory), envFiles, profiles, services, environment,
                workingDirectory, interpolate);
    }

    public LoadOptions withoutInterpolation() {
        return new LoadOptions(files, projectName, projectDirectory, envFiles, profiles, services, environment,
                workingDirectory, false);
    }
}
