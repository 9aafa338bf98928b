package io.berth.cli.command.image;

/**
 * An image reference split as the docker CLI sends it to the API ({@code fromImage} and {@code tag}),
 * and its fully qualified form, which {@code docker pull} prints last ({@code docker.io/library/busybox:latest}).
 * The daemon checks and normalises references; this only splits them.
 */
record ImageNames(String name, String tag, String digest) {
    static ImageNames split(String reference) {
        String rest = reference;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageNames(rest, tag, digest);
    }

    boolean nameOnly() {
        return tag.isEmpty() && digest.isEmpty();
    }

    /** What the API's {@code tag} parameter gets: the digest wins over the tag, as in the docker CLI. */
    String apiTag() {
        return digest.isEmpty() ? tag : digest;
    }

    /** {@code docker.io/library/busybox}, {@code 127.0.0.1:5000/busybox}. */
    String qualifiedName() {
        int slash = name.indexOf('/');
        if (slash >= 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first.equals("index.docker.io") ? "docker.io" + name.substring(slash) : name;
            }
            return "docker.io/" + name;
        }
        return "docker.io/library/" + name;
    }

    String qualified() {
        return qualifiedName() + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    }
}
