package io.berth.compose.project;

/** The labels docker compose puts on what it creates; Berth puts the same ones, so each tool knows the other's projects. */
public final class Labels {
    public static final String PROJECT = "com.docker.compose.project";
    public static final String SERVICE = "com.docker.compose.service";
    public static final String CONTAINER_NUMBER = "com.docker.compose.container-number";
    public static final String ONEOFF = "com.docker.compose.oneoff";
    public static final String CONFIG_HASH = "com.docker.compose.config-hash";
    public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
    public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
    public static final String ENVIRONMENT_FILE = "com.docker.compose.project.environment_file";
    public static final String DEPENDS_ON = "com.docker.compose.depends_on";
    public static final String IMAGE = "com.docker.compose.image";
    public static final String NETWORK = "com.docker.compose.network";
    public static final String VOLUME = "com.docker.compose.volume";
    public static final String VERSION = "com.docker.compose.version";
    public static final String REPLACE = "com.docker.compose.replace";

    /** What {@code com.docker.compose.version} says: the Compose behaviour Berth follows. */
    public static final String COMPOSE_VERSION = "2.29.7";

    private Labels() {}
}
