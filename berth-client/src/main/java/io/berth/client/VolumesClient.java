package io.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Volume;
import io.berth.api.model.VolumeCreateRequest;
import io.berth.api.model.VolumeListResponse;
import io.berth.api.model.VolumePruneResponse;
import io.berth.common.Json;
import io.berth.common.http.Headers;
import java.util.List;
import java.util.Map;

/** {@code /volumes/...}. */
public final class VolumesClient {
    private final HttpTransport transport;

    VolumesClient(HttpTransport transport) {
        this.transport = transport;
    }

    public Volume create(VolumeCreateRequest request) {
        try (var reply = transport.send("POST", "/volumes/create", HttpTransport.Body.json(request), new Headers())) {
            return reply.json(Volume.class);
        }
    }

    public VolumeListResponse list(Map<String, List<String>> filters) {
        var q = new Query("/volumes");
        if (!filters.isEmpty()) {
            q.add("filters", Json.write(filters));
        }
        try (var reply = transport.send("GET", q.toString(), HttpTransport.Body.none(), new Headers())) {
            return reply.json(VolumeListResponse.class);
        }
    }

    public Volume inspect(String name) {
        try (var reply = transport.send("GET", "/volumes/" + Query.segment(name), HttpTransport.Body.none(),
                new Headers())) {
            return reply.json(Volume.class);
        }
    }

    /** The volume as the daemon sent it (inspect with --format reads Docker's field names). */
    public JsonNode inspectRaw(String name) {
        try (var reply = transport.send("GET", "/volumes/" + Query.segment(name), HttpTransport.Body.none(),
                new Headers())) {
            return Json.tree(reply.bytes());
        }
    }

    public void remove(String name, boolean force) {
        var q = new Query("/volumes/" + Query.segment(name)).flag("force", force);
        try (var reply = transport.send("DELETE", q.toString(), HttpTransport.Body.none(), new Headers())) {
            reply.bytes();
        }
    }

    public VolumePruneResponse prune(Map<String, List<String>> filters) {
        var q = new Query("/volumes/prune");
        if (!filters.isEmpty()) {
            q.add("filters", Json.write(filters));
        }
        try (var reply = transport.send("POST", q.toString(), HttpTransport.Body.none(), new Headers())) {
            return reply.json(VolumePruneResponse.class);
        }
    }
}
