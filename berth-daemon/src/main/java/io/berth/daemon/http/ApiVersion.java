package io.berth.daemon.http;

import io.berth.api.model.DockerApi;
import io.berth.common.InvalidArgumentException;

/** An API version from a {@code /v1.NN/} path prefix; requests without one get the newest. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    public static final ApiVersion MAX = parse(DockerApi.API_VERSION);
    public static final ApiVersion MIN = parse(DockerApi.MIN_API_VERSION);

    public static ApiVersion parse(String s) {
        int dot = s.indexOf('.');
        try {
            return new ApiVersion(Integer.parseInt(s.substring(0, dot)), Integer.parseInt(s.substring(dot + 1)));
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("invalid API version: " + s);
        }
    }

    /** Docker refuses versions outside [min, max] with these messages. */
    public ApiVersion checkSupported() {
        if (compareTo(MAX) > 0) {
            throw new InvalidArgumentException("client version " + this + " is too new. Maximum supported API version is "
                    + MAX);
        }
        if (compareTo(MIN) < 0) {
            throw new InvalidArgumentException("client version " + this + " is too old. Minimum supported API version is "
                    + MIN + ", please upgrade your client to a newer version");
        }
        return this;
    }

    public boolean atLeast(int major, int minor) {
        return compareTo(new ApiVersion(major, minor)) >= 0;
    }

    public boolean below(int major, int minor) {
        return !atLeast(major, minor);
    }

    @Override
    public int compareTo(ApiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
