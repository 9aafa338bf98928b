package io.berth.daemon.routes;

import io.berth.api.model.DockerApi;
import io.berth.api.model.ImageListOptions;
import io.berth.common.Json;
import io.berth.common.http.RemoteGet;
import io.berth.image.archive.ImportOptions;
import io.berth.image.archive.LoadResult;
import io.berth.image.ref.ImageRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import io.berth.common.InvalidArgumentException;
import io.berth.daemon.http.Request;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.image.ImagePullOptions;
import io.berth.engine.image.ImagePushOptions;
import io.berth.engine.image.ImageService;
import io.berth.image.registry.Platform;
import io.berth.image.registry.RegistryAuth;
import java.nio.file.Path;
import java.util.Map;

/** {@code /images/...} and Berth's {@code /berth/v1/images/bootstrap}. */
public final class ImageRoutes implements Router.RouteGroup {
    private final ImageService images;

    public ImageRoutes(ImageService images) {
        this.images = images;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("GET", "/images/json", this::list);
        r.add("POST", "/images/create", this::create);
        r.add("POST", "/images/load", this::load);
        r.add("GET", "/images/get", req -> save(req.queryAll("names")));
        r.add("GET", "/images/{name*}/get", req -> save(List.of(req.pathParam("name"))));
        r.add("GET", "/images/{name*}/json", req -> Response.json(images.inspect(req.pathParam("name"))));
        r.add("GET", "/images/{name*}/history", req -> Response.json(images.history(req.pathParam("name"))));
        r.add("POST", "/images/{name*}/tag", this::tag);
        r.add("POST", "/images/{name*}/push", this::push);
        r.add("DELETE", "/images/{name*}", this::remove);
        r.add("POST", "/berth/v1/images/bootstrap", this::bootstrap);
        r.add("POST", "/images/prune", req -> Response.json(images.prune(req.filters())));
        r.add("GET", "/images/search", this::search);
        r.add("GET", "/berth/v1/images/layers", _ -> Response.json(images.layerTree()));
        r.add("POST", "/auth", this::login);
    }

    /** {@code POST /auth}: Docker's AuthConfig in the body; {@code {"Status":"Login Succeeded"}} when the registry agrees. */
    private Response login(Request req) {
        byte[] body = req.bodyBytes();
        if (body.length == 0) {
            throw new InvalidArgumentException("invalid JSON: empty body");
        }
        RegistryAuth auth = Json.read(body, RegistryAuth.class);
        String token = images.login(auth);
        var reply = new java.util.LinkedHashMap<String, String>();
        reply.put("Status", "Login Succeeded");
        if (!token.isEmpty()) {
            reply.put("IdentityToken", token);
        }
        return Response.json(reply);
    }

    private Response list(Request req) {
        return Response.json(images.list(new ImageListOptions(req.queryBool("all"), req.filters(),
                req.queryBool("digests"))));
    }

    /** {@code GET /images/search?term=&limit=&filters=}: a registry's catalog (the term names the registry). */
    private Response search(Request req) {
        String term = req.query("term").orElse("");
        if (term.isBlank()) {
            throw new InvalidArgumentException("term is required");
        }
        int limit = req.queryInt("limit").orElse(25);
        return Response.json(images.search(term, limit, req.filters(), auth(req)));
    }

    private Response tag(Request req) {
        String repo = req.query("repo").orElse("");
        if (repo.isEmpty()) {
            throw new InvalidArgumentException("repository name must have at least one component");
        }
        images.tag(req.pathParam("name"), repo, req.query("tag").orElse(""));
        return new Response.Empty(201);
    }

    private Response remove(Request req) {
        return Response.json(images.remove(req.pathParam("name"), req.queryBool("force")));
    }

    private Response load(Request req) {
        LoadResult result = images.load(req.body());
        return jsonLines(result.messages().stream().map(m -> Map.of("stream", m + "\n")).toList());
    }

    private Response save(List<String> names) {
        images.checkSave(names);
        return new Response.Stream(200, DockerApi.MEDIA_TAR, out -> images.save(names, out));
    }

    private static Response jsonLines(List<?> lines) {
        var out = new StringBuilder();
        for (Object line : lines) {
            out.append(Json.write(line)).append("\r\n");
        }
        return new Response.Bytes(200, DockerApi.MEDIA_JSON, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Response importImage(Request req, String source) {
        var options = ImportOptions.defaults().withChanges(req.queryAll("changes"))
                .withMessage(req.query("message").orElse(""));
        String repo = req.query("repo").orElse("");
        if (!repo.isEmpty()) {
            String tag = req.query("tag").filter(t -> !t.isEmpty()).orElse("");
            options = options.withReference(ImageRef.parse(tag.isEmpty() ? repo : repo + ":" + tag));
        }
        if (source.equals("-")) {
            return jsonLines(List.of(Map.of("status", images.importImage(req.body(), options).id())));
        }
        // a URL (Docker reads "host/path" as http://host/path): the daemon fetches it, the request body is unused
        try (var remote = RemoteGet.open(RemoteGet.importSource(source))) {
            return jsonLines(List.of(Map.of("status", images.importImage(remote.stream(), options).id())));
        } catch (java.io.IOException e) {
            throw new io.berth.common.InternalException("reading " + source + ": " + e.getMessage(), e);
        }
    }

    private Response create(Request req) {
        var fromSrc = req.query("fromSrc").filter(s -> !s.isEmpty());
        if (fromSrc.isPresent()) {
            return importImage(req, fromSrc.get());
        }
        var fromImage = req.query("fromImage").filter(s -> !s.isEmpty());
        if (fromImage.isPresent()) {
            return pull(req, fromImage.get());
        }
        throw new InvalidArgumentException("fromImage or fromSrc is required");
    }

    /** {@code POST /images/create?fromImage=}: resolved before the first byte (errors keep their status), then streamed. */
    private Response pull(Request req, String fromImage) {
        var platform = req.query("platform").filter(p -> !p.isBlank()).map(Platform::parse);
        var plan = images.preparePull(new ImagePullOptions(fromImage, req.query("tag").orElse(""), platform, auth(req)));
        return new Response.Stream(200, DockerApi.MEDIA_JSON, out -> {
            var lines = new ProgressLines(out);
            try {
                images.pull(plan, lines);
            } catch (RuntimeException e) {
                lines.error(e);
            }
        });
    }

    /** {@code POST /images/{name}/push?tag=}. */
    private Response push(Request req) {
        var plan = images.preparePush(new ImagePushOptions(req.pathParam("name"), req.query("tag").orElse(""), auth(req)));
        return new Response.Stream(200, DockerApi.MEDIA_JSON, out -> {
            var lines = new ProgressLines(out);
            try {
                images.push(plan, lines);
            } catch (RuntimeException e) {
                lines.error(e);
            }
        });
    }

    private static RegistryAuth auth(Request req) {
        return RegistryAuth.fromHeader(req.headers().first("X-Registry-Auth"));
    }

    private Response bootstrap(Request req) {
        String name = req.query("name").orElse("busybox");
        if (!name.equals("busybox")) {
            throw new InvalidArgumentException("unknown bootstrap image: " + name + " (known: busybox)");
        }
        var image = images.bootstrapBusybox(req.query("binary").filter(s -> !s.isEmpty()).map(Path::of));
        return Response.json(Map.of("Id", image.id(), "RepoTags", List.of("busybox:latest")));
    }
}
