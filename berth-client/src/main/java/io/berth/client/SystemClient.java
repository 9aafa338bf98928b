package io.berth.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.BuildCachePruneResponse;
import io.berth.api.model.ContainerPruneResponse;
import io.berth.api.model.ImagePruneResponse;
import io.berth.api.model.ImageSearchResponseItem;
import io.berth.api.model.SystemDataUsageResponse;
import io.berth.common.Json;
import io.berth.common.http.Headers;
import java.util.List;
import java.util.Map;

/** {@code GET /system/df}, the prune endpoints of containers, images and the build cache, and {@code /images/search}. */
public final class SystemClient {
    private final HttpTransport transport;

    SystemClient(HttpTransport transport) {
        this.transport = transport;
    }

    /** {@code GET /system/df?type=...}: every type when {@code types} is empty. */
    public SystemDataUsageResponse diskUsage(List<String> types) {
        var q = new Query("/system/df");
        types.forEach(t -> q.add("type", t));
        try (var reply = transport.send("GET", q.toString(), HttpTransport.Body.none(), new Headers())) {
            return reply.json(SystemDataUsageResponse.class);
        }
    }

    public ContainerPruneResponse pruneContainers(Map<String, List<String>> filters) {
        try (var reply = post(withFilters(new Query("/containers/prune"), filters))) {
            return reply.json(ContainerPruneResponse.class);
        }
    }

    public ImagePruneResponse pruneImages(Map<String, List<String>> filters) {
        try (var reply = post(withFilters(new Query("/images/prune"), filters))) {
            return reply.json(ImagePruneResponse.class);
        }
    }

    public BuildCachePruneResponse pruneBuildCache(boolean all, long keepStorage, Map<String, List<String>> filters) {
        var q = withFilters(new Query("/build/prune"), filters).flag("all", all);
        if (keepStorage > 0) {
            q.add("keep-storage", Long.toString(keepStorage));
        }
        try (var reply = post(q)) {
            return reply.json(BuildCachePruneResponse.class);
        }
    }

    public List<ImageSearchResponseItem> search(String term, int limit, Map<String, List<String>> filters) {
        var q = withFilters(new Query("/images/search").add("term", term).add("limit", limit > 0 ? Integer.toString(limit) : null), filters);
        try (var reply = transport.send("GET", q.toString(), HttpTransport.Body.none(), new Headers())) {
            return Json.read(reply.bytes(), new TypeReference<List<ImageSearchResponseItem>>() {});
        }
    }

    /** Berth's {@code GET /berth/v1/images/layers}: every image with its layers, for {@code image tree}. */
    public JsonNode imageLayers() {
        try (var reply = transport.send("GET", "/berth/v1/images/layers", HttpTransport.Body.none(), new Headers())) {
            return Json.tree(reply.bytes());
        }
    }

    private HttpTransport.Reply post(Query q) {
        return transport.send("POST", q.toString(), HttpTransport.Body.none(), new Headers());
    }

    private static Query withFilters(Query q, Map<String, List<String>> filters) {
        if (!filters.isEmpty()) {
            q.add("filters", Json.write(filters));
        }
        return q;
    }
}
