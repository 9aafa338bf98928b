package io.berth.common.fs;

import java.util.ArrayList;

/**
 * Lexical clean-up of slash-separated paths as Docker does it (Go's {@code path.Clean}): for mount
 * targets, {@code cp} arguments, archive entry names and build context paths. Nothing here looks
 * at a filesystem; resolving a path inside a container's root is {@link RootedFs}'s work.
 */
public final class SlashPaths {
    private SlashPaths() {}

    /**
     * Go's {@code path.Clean}: no empty or {@code .} elements, {@code ..} folded into its parent
     * (dropped at the root of an absolute path, kept at the start of a relative one), no trailing
     * slash; {@code "."} for an empty result.
     */
    public static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean absolute = path.startsWith("/");
        var parts = new ArrayList<String>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.getLast().equals("..")) {
                    parts.removeLast();
                } else if (!absolute) {
                    parts.add("..");
                }
                continue;
            }
            parts.add(part);
        }
        String joined = String.join("/", parts);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /**
     * A path taken as relative (leading slashes dropped), cleaned; {@code ""} rather than {@code "."}
     * for nothing left. Leading {@code ..} elements stay, for the caller to refuse.
     */
    public static String cleanRelative(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        String cleaned = clean(path.substring(start));
        return cleaned.equals(".") ? "" : cleaned;
    }
}
