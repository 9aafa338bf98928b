package io.berth.image.ref;

import io.berth.common.Digest;
import io.berth.common.InvalidArgumentException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised image reference, as Docker's reference library makes it: {@code busybox} is
 * {@code docker.io/library/busybox:latest}; {@link #familiar()} gives it back as users write it.
 */
public record ImageRef(String domain, String path, Optional<String> tag, Optional<Digest> digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DOMAIN = "index.docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern FULL_ID = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?"
                    + "|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");

    /** Parses and normalises; a missing tag and digest means {@code :latest}. */
    public static ImageRef parse(String reference) {
        ImageRef ref = parseNormalized(reference);
        if (ref.tag().isEmpty() && ref.digest().isEmpty()) {
            return new ImageRef(ref.domain(), ref.path(), Optional.of("latest"), Optional.empty());
        }
        return ref;
    }

    /** Parses and normalises without adding a default tag. */
    public static ImageRef parseNormalized(String reference) {
        if (reference == null || reference.isEmpty()) {
            throw invalid();
        }
        if (FULL_ID.matcher(reference).matches()) {
            throw new InvalidArgumentException("invalid repository name (" + reference
                    + "), cannot specify 64-byte hexadecimal strings");
        }
        requireLowercaseRemote(reference);
        String rest = reference;
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            } catch (InvalidArgumentException e) {
                throw invalid();
            }
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            String t = rest.substring(colon + 1);
            if (!TAG.matcher(t).matches()) {
                throw invalid();
            }
            tag = Optional.of(t);
            rest = rest.substring(0, colon);
        }
        String domain = DEFAULT_DOMAIN;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (isDomainLike(first)) {
                if (!DOMAIN.matcher(first).matches()) {
                    throw invalid();
                }
                domain = first;
                path = rest.substring(slash + 1);
            }
        }
        if (domain.equals(LEGACY_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (path.isEmpty()) {
            throw invalid();
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw invalid();
            }
        }
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) {
            path = "library/" + path;
        }
        if ((domain + "/" + path).length() > 255) {
            throw new InvalidArgumentException("invalid reference format: repository name must not be more than 255 characters");
        }
        return new ImageRef(domain, path, tag, digest);
    }

    /**
     * Docker checks case before anything else, and names what follows the domain up to the first
     * colon, with the {@code library/} an official name gets: {@code Busybox} → {@code library/Busybox}.
     */
    private static void requireLowercaseRemote(String reference) {
        int slash = reference.indexOf('/');
        String remainder = reference;
        boolean dockerHub = true;
        if (slash >= 0) {
            String first = reference.substring(0, slash);
            if (isDomainLike(first)) {
                remainder = reference.substring(slash + 1);
                dockerHub = first.equals(DEFAULT_DOMAIN) || first.equals(LEGACY_DOMAIN);
            }
        }
        if (dockerHub && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        int colon = remainder.indexOf(':');
        String remote = colon < 0 ? remainder : remainder.substring(0, colon);
        if (!remote.equals(remote.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidArgumentException("invalid reference format: repository name (" + remote
                    + ") must be lowercase");
        }
    }

    private static boolean isDomainLike(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT));
    }

    /** True when the text looks like a reference rather than an image ID or ID prefix. */
    public static boolean looksLikeReference(String s) {
        return !s.matches("(sha256:)?[a-f0-9]{1,64}");
    }

    private static InvalidArgumentException invalid() {
        return new InvalidArgumentException("invalid reference format");
    }

    /** {@code docker.io/library/busybox} */
    public String repository() {
        return domain + "/" + path;
    }

    /** {@code busybox} for Docker Hub's library, else the full repository. */
    public String familiarRepository() {
        if (domain.equals(DEFAULT_DOMAIN)) {
            return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
        }
        return repository();
    }

    /** The canonical string: {@code docker.io/library/busybox:latest} or {@code …@sha256:…}. */
    public String canonical() {
        return repository() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    /** As users write it: {@code busybox:latest}. */
    public String familiar() {
        return familiarRepository() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    public ImageRef withTag(String newTag) {
        if (!TAG.matcher(newTag).matches()) {
            throw invalid();
        }
        return new ImageRef(domain, path, Optional.of(newTag), Optional.empty());
    }

    @Override
    public String toString() {
        return canonical();
    }
}
