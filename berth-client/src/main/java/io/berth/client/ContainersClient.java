package io.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.AttachOptions;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.ContainerCreateResponse;
import io.berth.api.model.ContainerInspectResponse;
import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.ContainerSummary;
import io.berth.api.model.ContainerWaitResponse;
import io.berth.api.model.LogsOptions;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.StatsOptions;
import io.berth.api.model.ContainerStatsResponse;
import io.berth.api.model.StopOptions;
import io.berth.api.model.WaitCondition;
import io.berth.common.Json;
import io.berth.common.http.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /containers/...}. */
public final class ContainersClient {
    private final HttpTransport transport;

    ContainersClient(HttpTransport transport) {
        this.transport = transport;
    }

    public ContainerCreateResponse create(Optional<String> name, ContainerCreateRequest request) {
        ObjectNode body = (ObjectNode) Json.mapper().valueToTree(request.config());
        body.set("HostConfig", Json.mapper().valueToTree(request.hostConfig()));
        body.set("NetworkingConfig", Json.mapper().valueToTree(request.networkingConfig()));
        String target = new Query("/containers/create").add("name", name.orElse(null)).toString();
        try (var reply = transport.send("POST", target, HttpTransport.Body.json(body), new Headers())) {
            return reply.json(ContainerCreateResponse.class);
        }
    }

    public void start(String ref) {
        post("/containers/" + Query.segment(ref) + "/start");
    }

    public void stop(String ref, StopOptions options) {
        var q = new Query("/containers/" + Query.segment(ref) + "/stop");
        options.timeout().ifPresent(t -> q.add("t", Long.toString(t.toSeconds())));
        options.signal().ifPresent(s -> q.add("signal", s));
        post(q.toString());
    }

    public void restart(String ref, StopOptions options) {
        var q = new Query("/containers/" + Query.segment(ref) + "/restart");
        options.timeout().ifPresent(t -> q.add("t", Long.toString(t.toSeconds())));
        options.signal().ifPresent(s -> q.add("signal", s));
        post(q.toString());
    }

    public void kill(String ref, Optional<String> signal) {
        post(new Query("/containers/" + Query.segment(ref) + "/kill").add("signal", signal.orElse(null)).toString());
    }

    public void remove(String ref, RemoveOptions options) {
        String target = new Query("/containers/" + Query.segment(ref)).flag("force", options.force())
                .flag("v", options.removeVolumes()).toString();
        try (var reply = transport.send("DELETE", target, HttpTransport.Body.none(), new Headers())) {
            reply.bytes();
        }
    }

    public void pause(String ref) {
        post("/containers/" + Query.segment(ref) + "/pause");
    }

    public void unpause(String ref) {
        post("/containers/" + Query.segment(ref) + "/unpause");
    }

    /** {@code POST /containers/{id}/update}: the resource fields and restart policy of {@code changes}; Docker's warnings. */
    public List<String> update(String ref, io.berth.api.model.HostConfig changes) {
        ObjectNode body = Json.mapper().createObjectNode();
        Json.mapper().valueToTree(changes).properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                body.set(e.getKey(), e.getValue());
            }
        });
        try (var reply = transport.send("POST", "/containers/" + Query.segment(ref) + "/update",
                HttpTransport.Body.json(body), new Headers())) {
            var warnings = reply.json(io.berth.api.model.ContainerUpdateResponse.class).warnings();
            return warnings == null ? List.of() : warnings;
        }
    }

    public io.berth.api.model.ContainerTopResponse top(String ref, Optional<String> psArgs) {
        String target = new Query("/containers/" + Query.segment(ref) + "/top").add("ps_args", psArgs.orElse(null))
                .toString();
        try (var reply = transport.send("GET", target, HttpTransport.Body.none(), new Headers())) {
            return reply.json(io.berth.api.model.ContainerTopResponse.class);
        }
    }

    public void rename(String ref, String newName) {
        post(new Query("/containers/" + Query.segment(ref) + "/rename").add("name", newName).toString());
    }

    public void resize(String ref, int height, int width) {
        post(new Query("/containers/" + Query.segment(ref) + "/resize").add("h", Integer.toString(height))
                .add("w", Integer.toString(width)).toString());
    }

    public ContainerInspectResponse inspect(String ref) {
        try (var reply = transport.send("GET", "/containers/" + Query.segment(ref) + "/json", HttpTransport.Body.none(),
                new Headers())) {
            return reply.json(ContainerInspectResponse.class);
        }
    }

    /** Inspect as the daemon sent it (every field, for {@code --format}). */
    public JsonNode inspectRaw(String ref, boolean size) {
        String target = new Query("/containers/" + Query.segment(ref) + "/json").flag("size", size).toString();
        try (var reply = transport.send("GET", target, HttpTransport.Body.none(), new Headers())) {
            return Json.tree(reply.bytes());
        }
    }

    public List<ContainerSummary> list(ContainerListOptions options) {
        var q = new Query("/containers/json").flag("all", options.all()).flag("size", options.size());
        options.limit().ifPresent(l -> q.add("limit", Integer.toString(l)));
        if (!options.filters().isEmpty()) {
            q.add("filters", Json.write(options.filters()));
        }
        try (var reply = transport.send("GET", q.toString(), HttpTransport.Body.none(), new Headers())) {
            return List.of(Json.read(reply.bytes(), ContainerSummary[].class));
        }
    }

    /** Registers a wait; the returned handle blocks in {@link Wait#result()}. */
    public Wait waitFor(String ref, WaitCondition condition) {
        String target = new Query("/containers/" + Query.segment(ref) + "/wait").add("condition", condition.wire())
                .toString();
        return new Wait(transport.send("POST", target, HttpTransport.Body.none(), new Headers()));
    }

    /** An outstanding wait: the daemon answered the headers; the body comes when the condition holds. */
    public static final class Wait implements AutoCloseable {
        private final HttpTransport.Reply reply;

        Wait(HttpTransport.Reply reply) {
            this.reply = reply;
        }

        public ContainerWaitResponse result() {
            return reply.json(ContainerWaitResponse.class);
        }

        @Override
        public void close() {
            reply.close();
        }
    }

    public ContainerWaitResponse await(String ref, WaitCondition condition) {
        try (var wait = waitFor(ref, condition)) {
            return wait.result();
        }
    }

    /** Copies the logs to stdout/stderr (demultiplexed unless the container has a TTY). */
    public void logs(String ref, LogsOptions options, boolean tty, OutputStream stdout, OutputStream stderr) {
        var q = new Query("/containers/" + Query.segment(ref) + "/logs").flag("stdout", options.stdout())
                .flag("stderr", options.stderr()).flag("follow", options.follow()).flag("timestamps", options.timestamps());
        options.since().ifPresent(s -> q.add("since", s.getEpochSecond() + "." + String.format("%09d", s.getNano())));
        options.until().ifPresent(s -> q.add("until", s.getEpochSecond() + "." + String.format("%09d", s.getNano())));
        options.tail().ifPresent(t -> q.add("tail", Integer.toString(t)));
        try (var reply = transport.send("GET", q.toString(), HttpTransport.Body.none(), new Headers())) {
            boolean raw = reply.headers().first("Content-Type").orElse("").equals("application/vnd.docker.raw-stream");
            FrameDecoder.copy(reply.body(), stdout, stderr, raw || tty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One stats document ({@code stream=false}; {@code one-shot} as the options say). */
    public ContainerStatsResponse stats(String ref, boolean oneShot) {
        try (var stream = stats(ref, oneShot ? StatsOptions.ONE_SHOT : StatsOptions.ONCE)) {
            return stream.next().orElseThrow(() -> new io.berth.common.UnavailableException(
                    "the daemon sent no stats for " + ref, null));
        }
    }

    /** Stats documents as the daemon sends them (one a second when streaming); close the stream to stop. */
    public StatsStream stats(String ref, StatsOptions options) {
        String target = new Query("/containers/" + Query.segment(ref) + "/stats")
                .add("stream", options.stream() ? "1" : "0").flag("one-shot", options.oneShot()).toString();
        return new StatsStream(transport.send("GET", target, HttpTransport.Body.none(), new Headers()));
    }

    /** The documents of a stats answer, one JSON document a line. */
    public static final class StatsStream implements AutoCloseable {
        private final HttpTransport.Reply reply;
        private final java.io.BufferedReader lines;

        StatsStream(HttpTransport.Reply reply) {
            this.reply = reply;
            this.lines = new java.io.BufferedReader(new java.io.InputStreamReader(reply.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }

        /** The next document; empty when the daemon ends the stream. Blocks up to a second while streaming. */
        public Optional<ContainerStatsResponse> next() {
            try {
                String line;
                do {
                    line = lines.readLine();
                } while (line != null && line.isBlank());
                return line == null ? Optional.empty() : Optional.of(Json.read(line, ContainerStatsResponse.class));
            } catch (IOException e) {
                throw new io.berth.common.UnavailableException("reading the daemon's stats: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            reply.close();
        }
    }

    /** Hijacks an attach connection; the caller pumps its streams. */
    public HttpTransport.Reply attach(String ref, AttachOptions options) {
        var q = new Query("/containers/" + Query.segment(ref) + "/attach").flag("stream", options.stream())
                .flag("logs", options.logs()).flag("stdin", options.stdin()).flag("stdout", options.stdout())
                .flag("stderr", options.stderr());
        options.detachKeys().ifPresent(k -> q.add("detachKeys", k));
        return transport.hijack("POST", q.toString(), HttpTransport.Body.none());
    }

    private void post(String target) {
        try (var reply = transport.send("POST", target, HttpTransport.Body.none(), new Headers())) {
            reply.bytes();
        }
    }

}
