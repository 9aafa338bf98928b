package io.berth.client;

import io.berth.api.model.ExecConfig;
import io.berth.api.model.ExecInspectResponse;
import io.berth.api.model.ExecStartConfig;
import io.berth.api.model.IDResponse;
import io.berth.common.http.Headers;

/** {@code /containers/{id}/exec} and {@code /exec/...}. */
public final class ExecClient {
    private final HttpTransport transport;

    ExecClient(HttpTransport transport) {
        this.transport = transport;
    }

    /** {@code POST /containers/{id}/exec}: the new exec's id. */
    public String create(String container, ExecConfig config) {
        String target = "/containers/" + Query.segment(container) + "/exec";
        try (var reply = transport.send("POST", target, HttpTransport.Body.json(config), new Headers())) {
            return reply.json(IDResponse.class).id();
        }
    }

    /** Starts an exec and hijacks the connection; the caller pumps its streams. */
    public HttpTransport.Reply start(String id, ExecStartConfig config) {
        return transport.hijack("POST", "/exec/" + Query.segment(id) + "/start", HttpTransport.Body.json(config));
    }

    /** Starts an exec in the background; returns once it runs. */
    public void startDetached(String id) {
        String target = "/exec/" + Query.segment(id) + "/start";
        try (var reply = transport.send("POST", target, HttpTransport.Body.json(ExecStartConfig.detached()),
                new Headers())) {
            reply.bytes();
        }
    }

    public void resize(String id, int height, int width) {
        String target = new Query("/exec/" + Query.segment(id) + "/resize").add("h", Integer.toString(height))
                .add("w", Integer.toString(width)).toString();
        try (var reply = transport.send("POST", target, HttpTransport.Body.none(), new Headers())) {
            reply.bytes();
        }
    }

    public ExecInspectResponse inspect(String id) {
        try (var reply = transport.send("GET", "/exec/" + Query.segment(id) + "/json", HttpTransport.Body.none(),
                new Headers())) {
            return reply.json(ExecInspectResponse.class);
        }
    }
}
