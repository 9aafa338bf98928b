package io.berth.daemon.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.ArchiveOptions;
import io.berth.api.model.CommitOptions;
import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerPathStat;
import io.berth.api.model.DockerApi;
import io.berth.api.model.IDResponse;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.daemon.http.Request;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.container.ContainerFiles;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** {@code /containers/{id}/archive}, {@code /export}, {@code /changes} and {@code POST /commit}. */
public final class ContainerFileRoutes implements Router.RouteGroup {
    private final ContainerFiles files;

    public ContainerFileRoutes(ContainerFiles files) {
        this.files = files;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("HEAD", "/containers/{name}/archive", this::stat);
        r.add("GET", "/containers/{name}/archive", this::archive);
        r.add("PUT", "/containers/{name}/archive", this::extract);
        r.add("GET", "/containers/{name}/export", this::export);
        r.add("GET", "/containers/{name}/changes", this::changes);
        r.add("POST", "/commit", this::commit);
    }

    private static String path(Request req) {
        return req.query("path").filter(p -> !p.isEmpty())
                .orElseThrow(() -> new InvalidArgumentException("path is required"));
    }

    private Response stat(Request req) {
        ContainerPathStat stat = files.stat(req.pathParam("name"), path(req));
        return new Response.Bytes(200, "text/plain; charset=utf-8", new byte[0], Map.of(DockerApi.HEADER_PATH_STAT,
                header(stat)));
    }

    private Response archive(Request req) {
        var archive = files.archive(req.pathParam("name"), path(req));
        return new Response.Stream(200, DockerApi.MEDIA_TAR, archive::writeTo, false,
                Map.of(DockerApi.HEADER_PATH_STAT, header(archive.stat())));
    }

    private Response extract(Request req) {
        var options = new ArchiveOptions(path(req), req.queryBool("noOverwriteDirNonDir"), req.queryBool("copyUIDGID"));
        files.extract(req.pathParam("name"), options, req.body());
        return Response.ok();
    }

    private Response export(Request req) {
        var archive = files.export(req.pathParam("name"));
        return new Response.Stream(200, "application/octet-stream", archive::writeTo);
    }

    private Response changes(Request req) {
        var changes = files.changes(req.pathParam("name"));
        // Docker answers null, not [], when nothing changed (a nil Go slice)
        return new Response.Bytes(200, DockerApi.MEDIA_JSON,
                ((changes.isEmpty() ? "null" : Json.write(changes)) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Response commit(Request req) {
        byte[] body = req.bodyBytes();
        Optional<ContainerConfig> config = Optional.empty();
        if (body.length > 0) {
            JsonNode tree = Json.tree(body);
            if (tree.isObject()) {
                config = Optional.of(Json.convert(tree, ContainerConfig.class));
            } else if (!tree.isNull()) {
                throw new InvalidArgumentException("invalid JSON: the body must be an object");
            }
        }
        // the pause default became true in API 1.13
        boolean pause = req.query("pause").filter(p -> !p.isEmpty()).isPresent() ? req.queryBool("pause") : true;
        var options = new CommitOptions(req.query("container").orElse(""), req.query("repo"), req.query("tag"),
                req.query("comment"), req.query("author"), pause, req.queryAll("changes"), config);
        String id = files.commit(options);
        return Response.created(IDResponse.builder().id(id).build());
    }

    static String header(ContainerPathStat stat) {
        return Base64.getEncoder().encodeToString(Json.writeBytes(stat));
    }
}
