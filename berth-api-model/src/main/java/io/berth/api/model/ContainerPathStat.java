package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code HEAD /containers/{id}/archive} says about a path (moby's {@code ContainerPathStat}),
 * sent base64-encoded as JSON in the {@code X-Docker-Container-Path-Stat} header. {@code mode} is
 * a Go {@code os.FileMode}: the permission bits plus Go's type bits, not Unix's {@code S_IF*}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContainerPathStat(@JsonProperty("name") String name, @JsonProperty("size") long size,
                                @JsonProperty("mode") long mode, @JsonProperty("mtime") String mtime,
                                @JsonProperty("linkTarget") String linkTarget) {
    public static final long MODE_DIR = 1L << 31;
    public static final long MODE_SYMLINK = 1L << 27;
    public static final long MODE_DEVICE = 1L << 26;
    public static final long MODE_NAMED_PIPE = 1L << 25;
    public static final long MODE_SOCKET = 1L << 24;
    public static final long MODE_SETUID = 1L << 23;
    public static final long MODE_SETGID = 1L << 22;
    public static final long MODE_CHAR_DEVICE = 1L << 21;
    public static final long MODE_STICKY = 1L << 20;
    private static final long TYPE_BITS = MODE_DIR | MODE_SYMLINK | MODE_DEVICE | MODE_NAMED_PIPE | MODE_SOCKET
            | MODE_CHAR_DEVICE | (1L << 19);

    /** Go's {@code os.FileMode} of a Unix {@code st_mode}. */
    public static long goMode(int unixMode) {
        long mode = unixMode & 0777;
        switch (unixMode & 0170000) {
            case 0040000 -> mode |= MODE_DIR;
            case 0120000 -> mode |= MODE_SYMLINK;
            case 0060000 -> mode |= MODE_DEVICE;
            case 0020000 -> mode |= MODE_DEVICE | MODE_CHAR_DEVICE;
            case 0010000 -> mode |= MODE_NAMED_PIPE;
            case 0140000 -> mode |= MODE_SOCKET;
            default -> { }
        }
        if ((unixMode & 04000) != 0) {
            mode |= MODE_SETUID;
        }
        if ((unixMode & 02000) != 0) {
            mode |= MODE_SETGID;
        }
        if ((unixMode & 01000) != 0) {
            mode |= MODE_STICKY;
        }
        return mode;
    }

    @JsonIgnore
    public boolean isDirectory() {
        return (mode & MODE_DIR) != 0;
    }

    @JsonIgnore
    public boolean isSymlink() {
        return (mode & MODE_SYMLINK) != 0;
    }

    /** A regular file: none of Go's type bits. */
    @JsonIgnore
    public boolean isRegular() {
        return (mode & TYPE_BITS) == 0;
    }
}
