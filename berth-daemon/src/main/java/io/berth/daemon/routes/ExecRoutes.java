package io.berth.daemon.routes;

import io.berth.api.model.DockerApi;
import io.berth.api.model.ExecConfig;
import io.berth.api.model.ExecStartConfig;
import io.berth.api.model.IDResponse;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.daemon.http.Request;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.exec.ExecService;

/** {@code /containers/{id}/exec} and {@code /exec/...}. */
public final class ExecRoutes implements Router.RouteGroup {
    private final ExecService execs;

    public ExecRoutes(ExecService execs) {
        this.execs = execs;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("POST", "/containers/{name}/exec", this::create);
        r.add("POST", "/exec/{id}/start", this::start);
        r.add("POST", "/exec/{id}/resize", this::resize);
        r.add("GET", "/exec/{id}/json", this::inspect);
    }

    private Response create(Request req) {
        var config = req.json(ExecConfig.class);
        String id = execs.create(req.pathParam("name"), config);
        return Response.created(IDResponse.builder().id(id).build());
    }

    /** Hijacked like attach (raw with a TTY, multiplexed frames without); {@code Detach} answers 200 once it runs. */
    private Response start(Request req) {
        byte[] body = req.bodyBytes();
        var config = body.length == 0 ? new ExecStartConfig(false, null, null) : Json.read(body, ExecStartConfig.class);
        var launch = execs.prepareStart(req.pathParam("id"), config);
        if (Boolean.TRUE.equals(config.detach())) {
            launch.detach();
            return Response.ok();
        }
        boolean raw = launch.rawStream();
        String contentType = !raw && req.apiVersion().atLeast(1, 42)
                ? DockerApi.MEDIA_MULTIPLEXED_STREAM : DockerApi.MEDIA_RAW_STREAM;
        return new Response.Hijack(contentType, (in, out) -> {
            var frames = new Frames(out, raw);
            launch.attach(in, frames);
            frames.flush();
        });
    }

    private Response resize(Request req) throws InterruptedException {
        execs.resize(req.pathParam("id"), dimension(req, "h"), dimension(req, "w"));
        return Response.ok();
    }

    /** Docker parses {@code h} and {@code w} with Go's Atoi: both are required. */
    private static int dimension(Request req, String name) {
        String value = req.query(name).orElse("");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("strconv.Atoi: parsing \"" + value + "\": invalid syntax");
        }
    }

    private Response inspect(Request req) {
        return Response.json(execs.inspect(req.pathParam("id")));
    }
}
