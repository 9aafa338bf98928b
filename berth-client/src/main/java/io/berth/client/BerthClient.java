package io.berth.client;

import io.berth.api.model.Event;
import io.berth.api.model.EventsOptions;
import io.berth.api.model.SystemInfo;
import io.berth.api.model.SystemVersion;
import io.berth.common.Json;
import io.berth.common.UnavailableException;
import io.berth.common.http.Headers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/** The Docker Engine API, typed: {@code client.containers().start("web")}. */
public final class BerthClient {
    public static final Path DEFAULT_SOCKET = Path.of("/run/berth/berth.sock");

    private final HttpTransport transport;
    private final ContainersClient containers;
    private final ImagesClient images;
    private final NetworksClient networks;
    private final ExecClient execs;
    private final VolumesClient volumes;

    public BerthClient(Path socket) {
        this.transport = new HttpTransport(socket);
        this.containers = new ContainersClient(transport);
        this.images = new ImagesClient(transport);
        this.networks = new NetworksClient(transport);
        this.execs = new ExecClient(transport);
        this.volumes = new VolumesClient(transport);
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

    public NetworksClient networks() {
        return networks;
    }

    public ExecClient execs() {
        return execs;
    }

    public ContainerFilesClient files() {
        return new ContainerFilesClient(transport);
    }

    /** Disk usage, prunes and search ({@code system df}, {@code ... prune}, {@code search}). */
    public SystemClient system() {
        return new SystemClient(transport);
    }

    public VolumesClient volumes() {
        return volumes;
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

    /**
     * {@code GET /events}: hands each event to {@code consumer} as it arrives. Returns when the
     * daemon ends the stream (at {@code until}, or after the replay when {@code until} has passed);
     * without {@code until} it follows until the calling thread is interrupted, which closes the
     * connection and returns quietly.
     */
    public void events(EventsOptions options, Consumer<Event> consumer) {
        var q = new Query("/events");
        options.since().ifPresent(t -> q.add("since", unixSeconds(t)));
        options.until().ifPresent(t -> q.add("until", unixSeconds(t)));
        if (!options.filters().isEmpty()) {
            q.add("filters", Json.write(options.filters()));
        }
        try (var reply = transport.send("GET", q.toString(), HttpTransport.Body.none(), new Headers());
             var reader = new BufferedReader(new InputStreamReader(reply.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    consumer.accept(Json.read(line, Event.class));
                }
            }
        } catch (IOException e) {
            if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
                return;
            }
            throw new UnavailableException("reading the daemon's events: " + e.getMessage(), e);
        }
    }

    /** The API's time parameters: {@code seconds.nanoseconds}, as the docker CLI sends them. */
    static String unixSeconds(Instant t) {
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    /** Raw access for callers that need a response as it came (inspect with --format). */
    public HttpTransport transport() {
        return transport;
    }
}
