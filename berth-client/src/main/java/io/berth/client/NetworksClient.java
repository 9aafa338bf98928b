package io.berth.client;

import io.berth.api.model.EndpointSettings;
import io.berth.api.model.Network;
import io.berth.api.model.NetworkCreateRequest;
import io.berth.api.model.NetworkCreateResponse;
import io.berth.common.Json;
import io.berth.common.http.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /networks/...}. */
public final class NetworksClient {
    private final HttpTransport transport;

    NetworksClient(HttpTransport transport) {
        this.transport = transport;
    }

    public NetworkCreateResponse create(NetworkCreateRequest request) {
        try (var reply = transport.send("POST", "/networks/create", HttpTransport.Body.json(request), new Headers())) {
            return reply.json(NetworkCreateResponse.class);
        }
    }

    public List<Network> list(Map<String, List<String>> filters) {
        var q = new Query("/networks");
        if (!filters.isEmpty()) {
            q.add("filters", Json.write(filters));
        }
        try (var reply = transport.send("GET", q.toString(), HttpTransport.Body.none(), new Headers())) {
            return List.of(Json.read(reply.bytes(), Network[].class));
        }
    }

    public Network inspect(String ref) {
        try (var reply = transport.send("GET", "/networks/" + Query.segment(ref), HttpTransport.Body.none(),
                new Headers())) {
            return reply.json(Network.class);
        }
    }

    public com.fasterxml.jackson.databind.JsonNode inspectRaw(String ref) {
        try (var reply = transport.send("GET", "/networks/" + Query.segment(ref), HttpTransport.Body.none(),
                new Headers())) {
            return Json.tree(reply.bytes());
        }
    }

    public void remove(String ref) {
        try (var reply = transport.send("DELETE", "/networks/" + Query.segment(ref), HttpTransport.Body.none(),
                new Headers())) {
            reply.bytes();
        }
    }

    public List<String> prune(Map<String, List<String>> filters) {
        var q = new Query("/networks/prune");
        if (!filters.isEmpty()) {
            q.add("filters", Json.write(filters));
        }
        try (var reply = transport.send("POST", q.toString(), HttpTransport.Body.none(), new Headers())) {
            var deleted = Json.tree(reply.bytes()).path("NetworksDeleted");
            var out = new java.util.ArrayList<String>();
            deleted.forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    public void connect(String network, String container, EndpointSettings settings) {
        var body = new LinkedHashMap<String, Object>();
        body.put("Container", container);
        body.put("EndpointConfig", settings);
        try (var reply = transport.send("POST", "/networks/" + Query.segment(network) + "/connect",
                HttpTransport.Body.json(body), new Headers())) {
            reply.bytes();
        }
    }

    public void disconnect(String network, String container, boolean force) {
        try (var reply = transport.send("POST", "/networks/" + Query.segment(network) + "/disconnect",
                HttpTransport.Body.json(Map.of("Container", container, "Force", force)), new Headers())) {
            reply.bytes();
        }
    }
}
