package io.berth.compose.build;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.BerthClient;
import io.berth.client.HttpTransport;
import io.berth.common.Json;
import io.berth.common.http.Headers;
import io.berth.compose.ComposeException;
import io.berth.compose.loader.Project;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * A service's {@code build:} through the Engine API's {@code POST /build}, as the classic docker
 * builder takes it: the context directory as a tar (less {@code .dockerignore}), the Dockerfile's
 * path in it (or {@code dockerfile_inline} added to it), {@code args}, {@code labels},
 * {@code target}, {@code network}, {@code shm_size}, {@code extra_hosts} as query parameters, the
 * image tagged with the service's image name and {@code build.tags}.
 */
public final class ImageBuilder {
    static final String INLINE_DOCKERFILE = ".berth-compose.Dockerfile";

    private final BerthClient client;

    public ImageBuilder(BerthClient client) {
        this.client = client;
    }

    /** {@code build}'s choices: {@code --no-cache}, {@code --pull}, {@code --build-arg}s. */
    public record Options(boolean noCache, boolean pull, Map<String, String> args) {
        public static Options defaults() {
            return new Options(false, false, Map.of());
        }
    }

    /** Builds {@code service}'s image as {@code image}; {@code progress} gets the builder's output lines. Returns the image ID. */
    public String build(Project project, String service, String image, Options options, Consumer<String> progress) {
        Map<String, Object> build = buildSection(project, service);
        Path context = Path.of(String.valueOf(build.get("context")));
        if (String.valueOf(build.get("context")).contains("://")) {
            throw new ComposeException("service \"" + service + "\": remote build contexts are not supported");
        }
        if (!Files.isDirectory(context)) {
            throw new ComposeException("unable to prepare context: path \"" + context + "\" not found");
        }
        String dockerfile = dockerfile(build);
        var extra = new LinkedHashMap<String, byte[]>();
        if (build.get("dockerfile_inline") != null) {
            extra.put(INLINE_DOCKERFILE, String.valueOf(build.get("dockerfile_inline")).getBytes(StandardCharsets.UTF_8));
        }
        String target = target(project, service, image, options);
        Path tar = null;
        try {
            tar = Files.createTempFile("berth-compose-context", ".tar");
            try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(tar))) {
                ContextTar.write(context, DockerIgnore.of(context, dockerfile), extra, out);
            }
            try (var in = Files.newInputStream(tar);
                 var reply = client.transport().send("POST", target, new HttpTransport.Body.Streamed("application/x-tar", in),
                         new Headers());
                 var lines = new BufferedReader(new InputStreamReader(reply.body(), StandardCharsets.UTF_8))) {
                String id = "";
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode msg = Json.tree(line.getBytes(StandardCharsets.UTF_8));
                    if (msg.hasNonNull("error")) {
                        throw new ComposeException("failed to solve: " + msg.get("error").asText().strip());
                    }
                    if (msg.hasNonNull("stream")) {
                        for (String l : msg.get("stream").asText().split("\n")) {
                            if (!l.isBlank()) {
                                progress.accept(l);
                            }
                        }
                    }
                    if (msg.path("aux").hasNonNull("ID")) {
                        id = msg.path("aux").path("ID").asText();
                    }
                }
                return id;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tar != null) {
                try {
                    Files.deleteIfExists(tar);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    /** The {@code POST /build} target for a service: every query parameter its {@code build:} implies. */
    public static String target(Project project, String service, String image, Options options) {
        Map<String, Object> build = buildSection(project, service);
        var q = new StringJoiner("&");
        add(q, "dockerfile", dockerfile(build));
        var tags = new ArrayList<String>();
        tags.add(image);
        if (build.get("tags") instanceof List<?> more) {
            more.forEach(t -> tags.add(String.valueOf(t)));
        }
        tags.forEach(t -> add(q, "t", t));
        var args = new LinkedHashMap<String, String>();
        if (build.get("args") instanceof Map<?, ?> a) {
            a.forEach((k, v) -> {
                if (v != null) {
                    args.put(String.valueOf(k), String.valueOf(v));
                }
            });
        }
        args.putAll(options.args());
        if (!args.isEmpty()) {
            add(q, "buildargs", Json.write(args));
        }
        var labels = new LinkedHashMap<String, String>();
        if (build.get("labels") instanceof Map<?, ?> l) {
            l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        if (!labels.isEmpty()) {
            add(q, "labels", Json.write(labels));
        }
        if (build.get("target") != null) {
            add(q, "target", String.valueOf(build.get("target")));
        }
        if (build.get("network") != null) {
            add(q, "networkmode", String.valueOf(build.get("network")));
        }
        if (build.get("shm_size") != null) {
            add(q, "shmsize", io.berth.compose.loader.Sizes.bytes(build.get("shm_size"), "build.shm_size"));
        }
        if (build.get("extra_hosts") instanceof List<?> hosts) {
            hosts.forEach(h -> add(q, "extrahosts", String.valueOf(h).replaceFirst("=", ":")));
        }
        if (build.get("platforms") instanceof List<?> platforms && !platforms.isEmpty()) {
            add(q, "platform", String.valueOf(platforms.getFirst()));
        } else if (project.services().get(service).get("platform") != null) {
            add(q, "platform", String.valueOf(project.services().get(service).get("platform")));
        }
        if (options.noCache() || Boolean.TRUE.equals(build.get("no_cache"))) {
            add(q, "nocache", "1");
        }
        if (options.pull() || Boolean.TRUE.equals(build.get("pull"))) {
            add(q, "pull", "1");
        }
        add(q, "rm", "1");
        return "/build?" + q;
    }

    private static String dockerfile(Map<String, Object> build) {
        if (build.get("dockerfile_inline") != null) {
            return INLINE_DOCKERFILE;
        }
        String context = String.valueOf(build.get("context"));
        String dockerfile = build.get("dockerfile") == null ? "Dockerfile" : String.valueOf(build.get("dockerfile"));
        if (dockerfile.startsWith("/")) {
            Path rel = Path.of(context).relativize(Path.of(dockerfile));
            return rel.toString();
        }
        return dockerfile;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> buildSection(Project project, String service) {
        Object build = project.services().get(service).get("build");
        if (!(build instanceof Map<?, ?> m)) {
            throw new ComposeException("service \"" + service + "\" has no build section");
        }
        return (Map<String, Object>) m;
    }

    private static void add(StringJoiner q, String name, String value) {
        q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
