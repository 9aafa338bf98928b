package io.berth.daemon.routes;

import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.system.DiskUsageService;

/** {@code GET /system/df} (the {@code type} parameter of API 1.42 selects what is computed). */
public final class DiskUsageRoutes implements Router.RouteGroup {
    private final DiskUsageService usage;

    public DiskUsageRoutes(DiskUsageService usage) {
        this.usage = usage;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("GET", "/system/df", req -> Response.json(usage.usage(req.queryAll("type"))));
    }
}
