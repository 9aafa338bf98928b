package io.berth.daemon.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.EndpointSettings;
import io.berth.api.model.NetworkCreateRequest;
import io.berth.api.model.NetworkCreateResponse;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.daemon.http.Request;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.container.ContainerService;
import io.berth.engine.network.NetworkService;
import java.util.Map;

/** {@code /networks/...}. */
public final class NetworkRoutes implements Router.RouteGroup {
    private final NetworkService networks;
    private final ContainerService containers;

    public NetworkRoutes(NetworkService networks, ContainerService containers) {
        this.networks = networks;
        this.containers = containers;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("GET", "/networks", req -> Response.json(networks.list(req.filters())));
        r.add("POST", "/networks/create", this::create);
        r.add("POST", "/networks/prune", req -> Response.json(Map.of("NetworksDeleted", networks.prune(req.filters()))));
        r.add("GET", "/networks/{id}", req -> Response.json(networks.inspect(req.pathParam("id"))));
        r.add("DELETE", "/networks/{id}", this::remove);
        r.add("POST", "/networks/{id}/connect", this::connect);
        r.add("POST", "/networks/{id}/disconnect", this::disconnect);
    }

    private Response create(Request req) {
        var request = req.json(NetworkCreateRequest.class);
        var created = networks.create(request);
        return Response.created(NetworkCreateResponse.builder().id(created.id()).warning("").build());
    }

    private Response remove(Request req) {
        networks.remove(req.pathParam("id"));
        return Response.noContent();
    }

    private Response connect(Request req) {
        JsonNode body = req.jsonTree();
        String container = body.path("Container").asText("");
        if (container.isEmpty()) {
            throw new InvalidArgumentException("container is required");
        }
        var settings = body.hasNonNull("EndpointConfig")
                ? Json.convert(body.get("EndpointConfig"), EndpointSettings.class) : null;
        containers.connect(req.pathParam("id"), container, settings);
        return Response.ok();
    }

    private Response disconnect(Request req) {
        JsonNode body = req.jsonTree();
        String container = body.path("Container").asText("");
        if (container.isEmpty()) {
            throw new InvalidArgumentException("container is required");
        }
        containers.disconnect(req.pathParam("id"), container, body.path("Force").asBoolean(false));
        return Response.ok();
    }
}
