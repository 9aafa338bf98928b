package io.berth.engine.build;

import io.berth.common.AtomicFiles;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.http.RemoteGet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@code remote} of {@code POST /build}: a git repository ({@code git://}, {@code git@},
 * {@code github.com/}, {@code file://}, or an http(s) URL whose path ends in {@code .git}), cloned
 * with the host's {@code git}, with Docker's {@code #ref:subdir} fragment; or any other http(s)
 * URL, fetched as {@link RemoteGet} does (Docker's {@code failed to GET … with status} errors):
 * a tar (plain, gzip, bzip2, xz) is the context, anything else is the Dockerfile of an empty context. The result lands in {@code <work>/context} as a request body would.
 */
final class RemoteContext {
    private static final Pattern GIT_HTTP = Pattern.compile("(?i)https?://.*\\.git(#.*)?");
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(10);

    private RemoteContext() {}

    static boolean isGit(String remote) {
        return remote.startsWith("git://") || remote.startsWith("git@") || remote.startsWith("github.com/")
                || remote.startsWith("file://") || GIT_HTTP.matcher(remote).matches();
    }

    static boolean isUrl(String remote) {
        String lower = remote.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    static BuildContext fetch(String remote, String dockerfileName, Path work) {
        if (isGit(remote)) {
            return git(remote, dockerfileName, work);
        }
        if (isUrl(remote)) {
            return download(remote, dockerfileName, work);
        }
        throw new InvalidArgumentException("unable to prepare context: remote URL \"" + remote + "\" is not a git"
                + " repository or an http(s) URL");
    }

    // --- http(s) --------------------------------------------------------------------------------

    private static BuildContext download(String url, String dockerfileName, Path work) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new InvalidArgumentException("unable to prepare context: invalid remote URL " + url + ": "
                    + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new InvalidArgumentException("unable to prepare context: invalid remote URL " + url);
        }
        try (var body = RemoteGet.open(uri)) {
            return BuildContext.extract(body.stream(), dockerfileName, work);
        } catch (IOException e) {
            throw new InvalidArgumentException("unable to prepare context: reading " + url + ": " + e.getMessage(), e);
        }
    }

    // --- git ----------------------------------------------------------------------------------

    /** A git URL split at its fragment: {@code URL#ref:subdir}. */
    record GitRef(String url, String ref, String subdir) {
        static GitRef parse(String remote) {
            String url = remote;
            String fragment = "";
            int hash = remote.indexOf('#');
            if (hash >= 0) {
                url = remote.substring(0, hash);
                fragment = remote.substring(hash + 1);
            }
            if (url.startsWith("github.com/")) {
                url = "https://" + url;
            }
            String ref = fragment;
            String subdir = "";
            int colon = fragment.indexOf(':');
            if (colon >= 0) {
                ref = fragment.substring(0, colon);
                subdir = fragment.substring(colon + 1);
            }
            if (ref.startsWith("-")) {
                throw new InvalidArgumentException("unable to prepare context: invalid git reference " + ref);
            }
            return new GitRef(url, ref, subdir);
        }
    }

    private static BuildContext git(String remote, String dockerfileName, Path work) {
        GitRef ref = GitRef.parse(remote);
        if (ref.url().startsWith("-")) {
            throw new InvalidArgumentException("unable to prepare context: invalid git URL " + ref.url());
        }
        Path clone = work.resolve("git");
        try {
            Files.createDirectories(work);
            if (ref.ref().isEmpty()) {
                git(work, "clone", "--quiet", "--depth", "1", "--recurse-submodules", "--", ref.url(), clone.toString());
            } else {
                // as dockerd: the ref alone (a branch, a tag, refs/pull/1/head, a commit the server gives out),
                // else the whole repository and a checkout of the ref in it
                git(work, "init", "--quiet", clone.toString());
                git(clone, "remote", "add", "origin", ref.url());
                try {
                    git(clone, "fetch", "--quiet", "--depth", "1", "origin", ref.ref()); // no ref starts with -
                    git(clone, "checkout", "--quiet", "FETCH_HEAD");
                } catch (InvalidArgumentException notFetchable) {
                    git(clone, "fetch", "--quiet", "--tags", "origin", "+refs/heads/*:refs/remotes/origin/*");
                    git(clone, "checkout", "--quiet", ref.ref(), "--");
                }
                git(clone, "submodule", "update", "--quiet", "--init", "--recursive");
            }
            Path dir = clone;
            if (!ref.subdir().isEmpty()) {
                String sub = BuildContext.clean(ref.subdir());
                if (sub.equals("..") || sub.startsWith("../")) {
                    throw new InvalidArgumentException("unable to prepare context: subdirectory " + ref.subdir()
                            + " is outside of the repository");
                }
                dir = clone.resolve(sub).normalize();
                Path real = dir.toRealPath();
                if (!real.startsWith(clone.toRealPath())) {
                    throw new InvalidArgumentException("unable to prepare context: subdirectory " + ref.subdir()
                            + " is outside of the repository");
                }
                if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidArgumentException("unable to prepare context: subdirectory " + ref.subdir()
                            + " is not a directory of the repository");
                }
            }
            Path root = work.resolve("context");
            AtomicFiles.deleteTree(root);
            Files.move(dir, root);
            return BuildContext.fromRoot(root, dockerfileName);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidArgumentException("unable to prepare context: subdirectory " + ref.subdir()
                    + " not found in the repository");
        } catch (IOException e) {
            throw new InternalException("preparing the git context: " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteTree(clone);
        }
    }

    /** Runs git without a terminal or the user's configuration; a failure is the client's (its URL or ref). */
    private static void git(Path dir, String... args) throws IOException {
        var argv = new ArrayList<String>(List.of("git", "-c", "protocol.file.allow=always", "-c",
                "advice.detachedHead=false"));
        argv.addAll(List.of(args));
        var pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_ASKPASS", "true");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new InternalException("cannot run git (is it installed?): " + e.getMessage(), e);
        }
        try {
            var output = new java.io.ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().name("git-output").start(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(output);
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
            if (!p.waitFor(GIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new InvalidArgumentException("unable to prepare context: git " + args[0] + " timed out");
            }
            reader.join(Duration.ofSeconds(10));
            if (p.exitValue() != 0) {
                throw new InvalidArgumentException("unable to prepare context: unable to 'git " + args[0] + "': "
                        + output.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InternalException("build interrupted");
        }
    }
}
