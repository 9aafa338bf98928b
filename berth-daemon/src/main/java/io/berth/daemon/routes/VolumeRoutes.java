package io.berth.daemon.routes;

import io.berth.api.model.VolumeCreateRequest;
import io.berth.daemon.http.Request;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.volume.VolumeService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** {@code /volumes/...}. */
public final class VolumeRoutes implements Router.RouteGroup {
    private final VolumeService volumes;

    public VolumeRoutes(VolumeService volumes) {
        this.volumes = volumes;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("GET", "/volumes", req -> Response.json(volumes.list(req.filters())));
        r.add("POST", "/volumes/create", req -> Response.created(volumes.create(req.json(VolumeCreateRequest.class))));
        r.add("POST", "/volumes/prune", this::prune);
        r.add("GET", "/volumes/{name}", req -> Response.json(volumes.inspect(req.pathParam("name"))));
        r.add("DELETE", "/volumes/{name}", this::remove);
    }

    private Response remove(Request req) {
        volumes.remove(req.pathParam("name"), req.queryBool("force"));
        return Response.noContent();
    }

    /** Before API 1.42 a prune removed every unused volume; since, only anonymous ones unless {@code all}. */
    private Response prune(Request req) {
        var filters = new LinkedHashMap<String, List<String>>(req.filters());
        if (req.apiVersion().below(1, 42)) {
            var all = new ArrayList<>(filters.getOrDefault("all", List.of()));
            all.add("true");
            filters.put("all", all);
        }
        return Response.json(volumes.prune(filters));
    }
}
