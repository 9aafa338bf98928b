package io.berth.engine.logs;

import java.util.Optional;

/** The log drivers Berth has: Docker's {@code json-file}, {@code local} and {@code none}, and Podman's {@code k8s-file}. */
public enum LogDriver {
    JSON_FILE("json-file"),
    LOCAL("local"),
    NONE("none"),
    K8S_FILE("k8s-file");

    private final String dockerName;

    LogDriver(String dockerName) {
        this.dockerName = dockerName;
    }

    /** The name in the API ({@code HostConfig.LogConfig.Type}) and on the command line. */
    public String dockerName() {
        return dockerName;
    }

    public static Optional<LogDriver> byName(String name) {
        for (LogDriver driver : values()) {
            if (driver.dockerName.equals(name)) {
                return Optional.of(driver);
            }
        }
        return Optional.empty();
    }
}
