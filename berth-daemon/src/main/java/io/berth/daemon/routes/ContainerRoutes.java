package io.berth.daemon.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.AttachOptions;
import io.berth.api.model.ContainerConfig;
import io.berth.api.model.ContainerCreateRequest;
import io.berth.api.model.ContainerListOptions;
import io.berth.api.model.DockerApi;
import io.berth.api.model.HostConfig;
import io.berth.api.model.LogsOptions;
import io.berth.api.model.NetworkingConfig;
import io.berth.api.model.RemoveOptions;
import io.berth.api.model.StopOptions;
import io.berth.api.model.WaitCondition;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.daemon.http.Request;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.daemon.http.WebSocket;
import io.berth.daemon.http.WebSocketConnection;
import io.berth.engine.container.OutputSink;
import io.berth.engine.container.Container;
import io.berth.engine.container.ContainerService;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code /containers/...}. */
public final class ContainerRoutes implements Router.RouteGroup {
    private final ContainerService containers;

    public ContainerRoutes(ContainerService containers) {
        this.containers = containers;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("POST", "/containers/create", this::create);
        r.add("GET", "/containers/json", this::list);
        r.add("POST", "/containers/prune", req -> Response.json(containers.prune(req.filters())));
        r.add("GET", "/containers/{name}/json", this::inspect);
        r.add("POST", "/containers/{name}/start", this::start);
        r.add("POST", "/containers/{name}/stop", this::stop);
        r.add("POST", "/containers/{name}/kill", this::kill);
        r.add("POST", "/containers/{name}/restart", this::restart);
        r.add("POST", "/containers/{name}/wait", this::await);
        r.add("DELETE", "/containers/{name}", this::remove);
        r.add("GET", "/containers/{name}/logs", this::logs);
        r.add("POST", "/containers/{name}/attach", this::attach);
        r.add("GET", "/containers/{name}/attach/ws", this::attachWebSocket);
        r.add("POST", "/containers/{name}/resize", this::resize);
        r.add("POST", "/containers/{name}/rename", this::rename);
        r.add("POST", "/containers/{name}/pause", this::pause);
        r.add("POST", "/containers/{name}/unpause", this::unpause);
        r.add("POST", "/containers/{name}/update", this::update);
        r.add("GET", "/containers/{name}/top", this::top);
    }

    private Response create(Request req) {
        JsonNode body = req.jsonTree();
        if (!body.isObject()) {
            throw new InvalidArgumentException("invalid JSON: the body must be an object");
        }
        var config = Json.convert(body, ContainerConfig.class);
        var host = body.hasNonNull("HostConfig") ? Json.convert(body.get("HostConfig"), HostConfig.class)
                : HostConfig.builder().build();
        var networking = body.hasNonNull("NetworkingConfig")
                ? Json.convert(body.get("NetworkingConfig"), NetworkingConfig.class) : NetworkingConfig.builder().build();
        var created = containers.create(req.query("name"), new ContainerCreateRequest(config, host, networking));
        return Response.created(created);
    }

    private Response list(Request req) {
        var options = new ContainerListOptions(req.queryBool("all"), positive(req.queryInt("limit")),
                req.queryBool("size"), req.filters());
        return Response.json(containers.list(options));
    }

    private static OptionalInt positive(OptionalInt value) {
        return value.isPresent() && value.getAsInt() > 0 ? value : OptionalInt.empty();
    }

    private Response inspect(Request req) {
        return Response.json(containers.inspect(req.pathParam("name"), req.queryBool("size")));
    }

    private Response start(Request req) {
        containers.start(req.pathParam("name"));
        return Response.noContent();
    }

    private Response stop(Request req) {
        containers.stop(req.pathParam("name"), stopOptions(req));
        return Response.noContent();
    }

    private Response restart(Request req) {
        containers.restart(req.pathParam("name"), stopOptions(req));
        return Response.noContent();
    }

    private static StopOptions stopOptions(Request req) {
        Optional<Duration> timeout = req.queryInt("t").isPresent()
                ? Optional.of(Duration.ofSeconds(req.queryInt("t").getAsInt())) : Optional.empty();
        Optional<String> signal = req.apiVersion().atLeast(1, 42) ? req.query("signal").filter(s -> !s.isEmpty())
                : Optional.empty();
        return new StopOptions(timeout, signal);
    }

    private Response kill(Request req) {
        containers.kill(req.pathParam("name"), req.query("signal"));
        return Response.noContent();
    }

    private Response await(Request req) {
        var condition = WaitCondition.parse(req.query("condition").orElse(""));
        var waiter = containers.waiter(req.pathParam("name"), condition);
        return new Response.Stream(200, DockerApi.MEDIA_JSON, out -> {
            var result = waiter.await();
            out.write(Json.writeBytes(result));
            out.write('\n');
            out.flush();
        });
    }

    private Response remove(Request req) {
        containers.remove(req.pathParam("name"), new RemoveOptions(req.queryBool("force"), req.queryBool("v")));
        return Response.noContent();
    }

    private Response logs(Request req) {
        boolean stdout = req.queryBool("stdout");
        boolean stderr = req.queryBool("stderr");
        if (!stdout && !stderr) {
            throw new InvalidArgumentException("Bad parameters: you must choose at least one stream");
        }
        var options = new LogsOptions(stdout, stderr, req.queryBool("follow"), time(req, "since"), time(req, "until"),
                tail(req.query("tail")), req.queryBool("timestamps"));
        String name = req.pathParam("name");
        Container c = containers.get(name);
        boolean raw = c.tty();
        var log = containers.openLogs(name, options); // 501 for a driver that cannot be read, before the stream
        return new Response.Stream(200, streamType(req, raw), out -> {
            var frames = new Frames(new java.io.BufferedOutputStream(out, 65536), raw);
            log.writeTo(frames);
            frames.flush();
        }, options.follow()); // a follower whose client went away stops waiting
    }

    private static String streamType(Request req, boolean tty) {
        return !tty && req.apiVersion().atLeast(1, 42) ? DockerApi.MEDIA_MULTIPLEXED_STREAM : DockerApi.MEDIA_RAW_STREAM;
    }

    static OptionalInt tail(Optional<String> tail) {
        if (tail.isEmpty() || tail.get().isEmpty() || tail.get().equals("all")) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(tail.get().strip());
            return n < 0 ? OptionalInt.empty() : OptionalInt.of(n);
        } catch (NumberFormatException e) {
            return OptionalInt.empty(); // Docker treats an unparsable tail as "all"
        }
    }

    /** Docker's {@code since}/{@code until}: seconds since the epoch with optional nanoseconds; 0 means unset. */
    static Optional<Instant> time(Request req, String name) {
        var value = req.query(name).filter(s -> !s.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            var decimal = new BigDecimal(value.get().strip());
            if (decimal.signum() == 0) {
                return Optional.empty();
            }
            long seconds = decimal.longValue();
            long nanos = decimal.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue();
            return Optional.of(Instant.ofEpochSecond(seconds, nanos));
        } catch (NumberFormatException e) {
            try {
                return Optional.of(Instant.parse(value.get()));
            } catch (RuntimeException again) {
                throw new InvalidArgumentException("invalid value for " + name + ": " + value.get());
            }
        }
    }

    private Response attach(Request req) throws InterruptedException {
        var options = new AttachOptions(req.queryBool("stdin"), req.queryBool("stdout"), req.queryBool("stderr"),
                req.queryBool("stream"), req.queryBool("logs"), req.query("detachKeys"));
        var attachment = containers.prepareAttach(req.pathParam("name"), options);
        boolean raw = attachment.tty();
        return new Response.Hijack(streamType(req, raw), (in, out) -> {
            var frames = new Frames(out, raw);
            attachment.run(in, frames);
            frames.flush();
        });
    }

    /**
     * {@code GET /containers/{id}/attach/ws}, as moby's wsContainersAttach: the raw output (never
     * multiplexed) in binary frames from API 1.28 on, text frames before; the stdin/stdout/stderr
     * parameters count from 1.42 on, before which all three are attached; the client's data frames
     * are the container's input. A close frame follows the end of the output.
     */
    private Response attachWebSocket(Request req) throws InterruptedException {
        containers.get(req.pathParam("name")); // a missing container is a 404 before the handshake matters
        var headers = req.headers();
        if (!headers.hasToken("Upgrade", "websocket") || !headers.hasToken("Connection", "upgrade")) {
            throw new InvalidArgumentException("not websocket protocol"); // golang.org/x/net/websocket's wording
        }
        String key = headers.first("Sec-WebSocket-Key").map(String::strip).orElse("");
        if (key.isEmpty()) {
            throw new InvalidArgumentException("mismatch challenge/response");
        }
        if (!headers.first("Sec-WebSocket-Version").map(String::strip).orElse("").equals("13")) {
            throw new InvalidArgumentException("missing or bad WebSocket Version");
        }
        boolean perStream = req.apiVersion().atLeast(1, 42);
        var options = new AttachOptions(!perStream || req.queryBool("stdin"), !perStream || req.queryBool("stdout"),
                !perStream || req.queryBool("stderr"), req.queryBool("stream"), req.queryBool("logs"),
                req.query("detachKeys"));
        var attachment = containers.prepareAttach(req.pathParam("name"), options);
        int opcode = req.apiVersion().atLeast(1, 28) ? WebSocket.BINARY : WebSocket.TEXT;
        return new Response.WebSocketUpgrade(key, (in, out) -> {
            var ws = new WebSocketConnection(in, out, opcode);
            InputStream input = ws.pumpedInput(options.stdin()); // pings and the close are answered throughout
            attachment.run(options.stdin() ? input : null, new OutputSink() {
                @Override
                public void write(int stream, byte[] data, int offset, int length) throws IOException {
                    if (length > 0) {
                        ws.send(data, offset, length);
                    }
                }

                @Override
                public void flush() {
                    // each write is a frame of its own, flushed
                }
            });
            ws.close(WebSocket.CLOSE_NORMAL, "");
        });
    }

    private Response resize(Request req) {
        int height = req.queryInt("h").orElse(0);
        int width = req.queryInt("w").orElse(0);
        containers.resize(req.pathParam("name"), height, width);
        return Response.ok();
    }

    private Response pause(Request req) {
        containers.pause(req.pathParam("name"));
        return Response.noContent();
    }

    private Response unpause(Request req) {
        containers.unpause(req.pathParam("name"));
        return Response.noContent();
    }

    private Response update(Request req) {
        JsonNode body = req.jsonTree();
        if (!body.isObject()) {
            throw new InvalidArgumentException("invalid JSON: the body must be an object");
        }
        var warnings = containers.update(req.pathParam("name"), Json.convert(body, HostConfig.class));
        return Response.json(io.berth.api.model.ContainerUpdateResponse.builder().warnings(warnings).build());
    }

    private Response top(Request req) {
        return Response.json(containers.top(req.pathParam("name"), req.query("ps_args").orElse("")));
    }

    private Response rename(Request req) {
        String newName = req.query("name").orElse("");
        if (newName.isEmpty()) {
            throw new InvalidArgumentException("Neither old nor new names may be empty");
        }
        containers.rename(req.pathParam("name"), newName);
        return Response.noContent();
    }
}
