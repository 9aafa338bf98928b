package io.berth.daemon.routes;

import io.berth.api.model.DockerApi;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.system.SystemService;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/** {@code /_ping}, {@code /version}, {@code /info}. */
public final class SystemRoutes implements Router.RouteGroup {
    private final SystemService system;

    public SystemRoutes(SystemService system) {
        this.system = system;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("GET", "/_ping", _ -> ping());
        r.add("HEAD", "/_ping", _ -> ping());
        r.add("GET", "/version", _ -> Response.json(system.version()));
        r.add("GET", "/info", _ -> Response.json(system.info()));
    }

    /** {@code OK}, with the headers clients negotiate with ({@code Api-Version} comes with every response). */
    private static Response ping() {
        var headers = new LinkedHashMap<String, String>();
        headers.put(DockerApi.HEADER_BUILDER_VERSION, "1");
        headers.put("Cache-Control", "no-cache, no-store, must-revalidate");
        headers.put("Pragma", "no-cache");
        return new Response.Bytes(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.US_ASCII), headers);
    }
}
