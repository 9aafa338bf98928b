package io.berth.client;

import io.berth.api.model.SystemInfo;
import io.berth.api.model.SystemVersion;
import io.berth.common.http.Headers;
import java.nio.file.Path;

/** The Docker Engine API, typed: {@code client.containers().start("web")}. */
public final class BerthClient {
    public static final Path DEFAULT_SOCKET = Path.of("/run/berth/berth.sock");

    private final HttpTransport transport;
    private final ContainersClient containers;
    private final ImagesClient images;
    private final ExecClient execs;

    public BerthClient(Path socket) {
        this.transport = new HttpTransport(socket);
        this.containers = new ContainersClient(transport);
        this.images = new ImagesClient(transport);
        this.execs = new ExecClient(transport);
    }

    public Path socket() {
        return transport.socket();
    }

    public ContainersClient containers() {
        return containers;
    }

    public ImagesClient images() {
        return images;
    }

    public ExecClient execs() {
        return execs;
    }

    /** {@code GET /_ping}; throws {@link io.berth.common.UnavailableException} when nothing answers. */
    public String ping() {
        try (var reply = transport.send("GET", "/_ping", HttpTransport.Body.none(), new Headers())) {
            return new String(reply.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public SystemVersion version() {
        try (var reply = transport.send("GET", "/version", HttpTransport.Body.none(), new Headers())) {
            return reply.json(SystemVersion.class);
        }
    }

    public SystemInfo info() {
        try (var reply = transport.send("GET", "/info", HttpTransport.Body.none(), new Headers())) {
            return reply.json(SystemInfo.class);
        }
    }

    /** Raw access for callers that need a response as it came (inspect with --format). */
    public HttpTransport transport() {
        return transport;
    }
}
