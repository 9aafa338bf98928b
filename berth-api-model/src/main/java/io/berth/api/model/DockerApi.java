package io.berth.api.model;

/** Docker-facing strings in one place, so that a grep finds every use. */
public final class DockerApi {
    /** The newest API version Berth speaks (what {@code /_ping} and {@code /version} advertise). */
    public static final String API_VERSION = "1.47";
    /** The oldest API version Berth accepts in a {@code /v1.NN/} path. */
    public static final String MIN_API_VERSION = "1.24";
    public static final String ENGINE_VERSION = "27.5.0-berth";

    public static final String HEADER_API_VERSION = "Api-Version";
    public static final String HEADER_OS_TYPE = "Ostype";
    public static final String HEADER_BUILDER_VERSION = "Builder-Version";
    public static final String HEADER_EXPERIMENTAL = "Docker-Experimental";
    public static final String HEADER_REGISTRY_AUTH = "X-Registry-Auth";

    public static final String MEDIA_RAW_STREAM = "application/vnd.docker.raw-stream";
    public static final String MEDIA_MULTIPLEXED_STREAM = "application/vnd.docker.multiplexed-stream";
    public static final String MEDIA_JSON = "application/json";
    public static final String MEDIA_TAR = "application/x-tar";
    /** {@code HEAD/GET /containers/{id}/archive}: base64 of the path's {@link ContainerPathStat} as JSON. */
    public static final String HEADER_PATH_STAT = "X-Docker-Container-Path-Stat";

    /** Stream ids of the 8-byte frame header ({@code [stream, 0, 0, 0, size(4, big-endian)]}). */
    public static final int STREAM_STDIN = 0;
    public static final int STREAM_STDOUT = 1;
    public static final int STREAM_STDERR = 2;

    public static final String DEFAULT_TAG = "latest";
    public static final String DEFAULT_NETWORK = "bridge";

    private DockerApi() {}
}
