package io.berth.daemon.routes;

import io.berth.api.model.DockerApi;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.daemon.http.Request;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.stats.StatsService;

/** {@code GET /containers/{name}/stats}: one JSON document a second, or one document. */
public final class StatsRoutes implements Router.RouteGroup {
    private final StatsService stats;

    public StatsRoutes(StatsService stats) {
        this.stats = stats;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("GET", "/containers/{name}/stats", this::stats);
    }

    private Response stats(Request req) throws InterruptedException {
        boolean stream = req.queryBool("stream", true);
        boolean oneShot = req.apiVersion().atLeast(1, 41) && req.queryBool("one-shot");
        if (stream && oneShot) {
            throw new InvalidArgumentException("cannot have stream=true and one-shot=true");
        }
        String name = req.pathParam("name");
        if (!stream) {
            return Response.json(stats.once(name, oneShot));
        }
        var documents = stats.stream(name);
        return new Response.Stream(200, DockerApi.MEDIA_JSON, out -> documents.forEach(doc -> {
            out.write(Json.writeBytes(doc));
            out.write('\n');
            out.flush();
        }));
    }
}
