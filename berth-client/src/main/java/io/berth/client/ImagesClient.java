package io.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.ImageDeleteResponseItem;
import io.berth.api.model.ImageHistoryResponseItem;
import io.berth.api.model.ImageInspect;
import io.berth.api.model.ImageListOptions;
import io.berth.api.model.ImageSummary;
import io.berth.common.Json;
import io.berth.common.http.Headers;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/** {@code /images/...}. */
public final class ImagesClient {
    private final HttpTransport transport;

    ImagesClient(HttpTransport transport) {
        this.transport = transport;
    }

    public List<ImageSummary> list(ImageListOptions options) {
        var q = new Query("/images/json").flag("all", options.all()).flag("digests", options.digests());
        if (!options.filters().isEmpty()) {
            q.add("filters", Json.write(options.filters()));
        }
        try (var reply = transport.send("GET", q.toString(), HttpTransport.Body.none(), new Headers())) {
            return List.of(Json.read(reply.bytes(), ImageSummary[].class));
        }
    }

    public ImageInspect inspect(String ref) {
        return Json.convert(inspectRaw(ref), ImageInspect.class);
    }

    public JsonNode inspectRaw(String ref) {
        try (var reply = transport.send("GET", "/images/" + Query.segment(ref) + "/json", HttpTransport.Body.none(),
                new Headers())) {
            return Json.tree(reply.bytes());
        }
    }

    public List<ImageHistoryResponseItem> history(String ref) {
        try (var reply = transport.send("GET", "/images/" + Query.segment(ref) + "/history",
                HttpTransport.Body.none(), new Headers())) {
            return List.of(Json.read(reply.bytes(), ImageHistoryResponseItem[].class));
        }
    }

    public List<ImageDeleteResponseItem> remove(String ref, boolean force) {
        String target = new Query("/images/" + Query.segment(ref)).flag("force", force).toString();
        try (var reply = transport.send("DELETE", target, HttpTransport.Body.none(), new Headers())) {
            return List.of(Json.read(reply.bytes(), ImageDeleteResponseItem[].class));
        }
    }

    public void tag(String source, String repository, String tag) {
        String target = new Query("/images/" + Query.segment(source) + "/tag").add("repo", repository)
                .add("tag", tag.isEmpty() ? null : tag).toString();
        try (var reply = transport.send("POST", target, HttpTransport.Body.none(), new Headers())) {
            reply.bytes();
        }
    }

    /** {@code POST /images/load}: streams the archive up, hands each JSON progress line to {@code lines}. */
    public void load(InputStream archive, boolean quiet, Consumer<JsonNode> lines) {
        String target = new Query("/images/load").flag("quiet", quiet).toString();
        try (var reply = transport.send("POST", target, new HttpTransport.Body.Streamed("application/x-tar", archive),
                new Headers())) {
            JsonLines.read(reply.body(), lines);
        }
    }

    /**
     * {@code POST /build}: streams the context up (a tar, or a bare Dockerfile) with the given query
     * parameters (repeated names repeat) and hands every JSON line to {@code lines}, errors included:
     * a build's {@code errorDetail} carries the exit code of a failed {@code RUN}.
     */
    public void build(InputStream context, java.util.List<java.util.Map.Entry<String, String>> params,
                      Consumer<JsonNode> lines) {
        var q = new Query("/build");
        params.forEach(p -> q.add(p.getKey(), p.getValue()));
        try (var reply = transport.send("POST", q.toString(), new HttpTransport.Body.Streamed("application/x-tar", context),
                new Headers())) {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(reply.body(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines.accept(io.berth.common.Json.tree(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (IOException e) {
            throw new io.berth.common.UnavailableException("reading the daemon's stream: " + e.getMessage(), e);
        }
    }

    /** {@code GET /images/get?names=…}: streams the tar to {@code out}. */
    public void save(List<String> names, OutputStream out) {
        var q = new Query("/images/get");
        names.forEach(n -> q.add("names", n));
        try (var reply = transport.send("GET", q.toString(), HttpTransport.Body.none(), new Headers())) {
            reply.body().transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code POST /images/create?fromSrc=-}: imports a rootfs tarball. */
    public void importImage(InputStream tarball, String repository, String tag, String message, List<String> changes,
                            Consumer<JsonNode> lines) {
        var target = importQuery("-", repository, tag, message, changes);
        try (var reply = transport.send("POST", target, new HttpTransport.Body.Streamed("application/x-tar", tarball),
                new Headers())) {
            JsonLines.read(reply.body(), lines);
        }
    }

    /** {@code POST /images/create?fromSrc=URL}: the daemon fetches the rootfs tarball and imports it. */
    public void importImage(String url, String repository, String tag, String message, List<String> changes,
                            Consumer<JsonNode> lines) {
        var target = importQuery(url, repository, tag, message, changes);
        try (var reply = transport.send("POST", target, HttpTransport.Body.none(), new Headers())) {
            JsonLines.read(reply.body(), lines);
        }
    }

    private static String importQuery(String source, String repository, String tag, String message,
                                      List<String> changes) {
        var q = new Query("/images/create").add("fromSrc", source).add("repo", repository).add("tag", tag)
                .add("message", message);
        changes.forEach(c -> q.add("changes", c));
        return q.toString();
    }

    /**
     * {@code POST /images/create?fromImage=&tag=&platform=}: pulls, handing each JSON progress line to
     * {@code lines}; an empty tag pulls every tag. {@code registryAuth} is the {@code X-Registry-Auth} value, or empty.
     */
    public void pull(String fromImage, String tag, String platform, String registryAuth, Consumer<JsonNode> lines) {
        String target = new Query("/images/create").add("fromImage", fromImage).add("tag", tag)
                .add("platform", platform == null || platform.isEmpty() ? null : platform).toString();
        try (var reply = transport.send("POST", target, HttpTransport.Body.none(), authHeader(registryAuth))) {
            JsonLines.read(reply.body(), lines);
        }
    }

    /** {@code POST /images/{name}/push?tag=}: pushes, handing each JSON progress line to {@code lines}. */
    public void push(String name, String tag, String registryAuth, Consumer<JsonNode> lines) {
        String target = new Query("/images/" + Query.segment(name) + "/push").add("tag", tag).toString();
        try (var reply = transport.send("POST", target, HttpTransport.Body.none(), authHeader(registryAuth))) {
            JsonLines.read(reply.body(), lines);
        }
    }

    /**
     * {@code POST /auth}: the daemon checks {@code username}/{@code password} against {@code serverAddress}'s
     * registry; the reply's {@code Status} and, when the registry gave one, {@code IdentityToken}.
     */
    public JsonNode login(String username, String password, String serverAddress) {
        var body = new java.util.LinkedHashMap<String, String>();
        body.put("username", username);
        body.put("password", password);
        body.put("serveraddress", serverAddress);
        try (var reply = transport.send("POST", "/auth", HttpTransport.Body.json(body), new Headers())) {
            return Json.tree(reply.bytes());
        }
    }

    private static Headers authHeader(String registryAuth) {
        // docker sends the header always; an empty JSON object means no credentials
        return new Headers().add("X-Registry-Auth", registryAuth == null || registryAuth.isEmpty() ? "e30=" : registryAuth);
    }

    /** {@code POST /berth/v1/images/bootstrap}: builds busybox:latest from the host's busybox. */
    public JsonNode bootstrap(String name) {
        String target = new Query("/berth/v1/images/bootstrap").add("name", name).toString();
        try (var reply = transport.send("POST", target, HttpTransport.Body.none(), new Headers())) {
            return Json.tree(reply.bytes());
        }
    }
}
