package io.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Host sysctls a test (or what it drives: netavark turns IPv6 forwarding on) may change, saved
 * before and written back after, in the order given ({@code all} before {@code default}: writing
 * {@code all} also rewrites every interface's and the default value).
 */
public final class HostSysctls {
    private final Map<String, String> saved;

    private HostSysctls(Map<String, String> saved) {
        this.saved = saved;
    }

    /** Saves the current values of {@code keys} (dotted names, as {@code sysctl} prints them). */
    public static HostSysctls save(String... keys) {
        var values = new LinkedHashMap<String, String>();
        for (String key : keys) {
            values.put(key, read(key));
        }
        return new HostSysctls(values);
    }

    public static String read(String key) {
        try {
            return Files.readString(path(key)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes back every saved value that differs now. */
    public void restore() {
        for (var entry : saved.entrySet()) {
            if (!read(entry.getKey()).equals(entry.getValue())) {
                try {
                    Files.writeString(path(entry.getKey()), entry.getValue());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static Path path(String key) {
        return Path.of("/proc/sys", key.replace('.', '/'));
    }
}
