package io.berth.daemon.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.DockerApi;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.daemon.http.Request;
import io.berth.daemon.http.Response;
import io.berth.daemon.http.Router;
import io.berth.engine.build.BuildOptions;
import io.berth.engine.build.BuildOutput;
import io.berth.engine.build.BuildResult;
import io.berth.engine.build.BuildService;
import io.berth.image.registry.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code POST /build} (the classic builder's JSON stream) and {@code POST /build/prune}. */
public final class BuildRoutes implements Router.RouteGroup {
    private final BuildService builds;

    public BuildRoutes(BuildService builds) {
        this.builds = builds;
    }

    @Override
    public void register(Router.Builder r) {
        r.add("POST", "/build", this::build);
        r.add("POST", "/build/prune", this::prune);
    }

    private Response build(Request req) {
        var remote = req.query("remote").filter(s -> !s.isEmpty());
        if (remote.isPresent() && remote.get().equals("client-session")) {
            throw new InvalidArgumentException("BuildKit is not supported by this daemon: use the classic builder"
                    + " (DOCKER_BUILDKIT=0)");
        }
        if (req.query("version").filter(v -> v.equals("2")).isPresent()) {
            throw new InvalidArgumentException("BuildKit is not supported by this daemon: use the classic builder"
                    + " (DOCKER_BUILDKIT=0)");
        }
        var options = new BuildOptions(
                req.query("dockerfile").filter(s -> !s.isEmpty()).orElse("Dockerfile"),
                req.queryAll("t").stream().filter(t -> !t.isEmpty()).toList(),
                buildArgs(req.query("buildargs")),
                stringMap(req.query("labels"), "labels"),
                req.query("target").filter(s -> !s.isEmpty()),
                req.queryBool("nocache"),
                req.queryBool("pull"),
                req.queryBool("rm", true),
                req.queryBool("forcerm"),
                req.queryBool("q"),
                req.query("networkmode").filter(s -> !s.isEmpty()).orElse("default"),
                extraHosts(req.query("extrahosts")),
                longParam(req, "shmsize"),
                new BuildOptions.Limits(longParam(req, "memory"), longParam(req, "memswap"), longParam(req, "cpushares"),
                        req.query("cpusetcpus").orElse(""), req.query("cpusetmems").orElse(""),
                        longParam(req, "cpuperiod"), longParam(req, "cpuquota")),
                req.query("platform").filter(s -> !s.isEmpty()));
        var prepared = remote.isPresent() ? builds.prepareRemote(options, remote.get())
                : builds.prepare(options, req.body());
        return new Response.Stream(200, DockerApi.MEDIA_JSON, out -> {
            var lines = new Lines(out, options.quiet());
            BuildResult result;
            try {
                result = builds.run(prepared, lines);
            } catch (RuntimeException e) {
                result = new BuildResult.Failed(e instanceof io.berth.common.BerthException ? e.getMessage()
                        : "internal error, see daemon log", 0);
                System.getLogger(BuildRoutes.class.getName()).log(System.Logger.Level.ERROR, "build failed", e);
            }
            switch (result) {
                case BuildResult.Built built -> {
                    if (options.quiet()) {
                        lines.direct(Map.of("stream", built.imageId() + "\n"));
                    }
                }
                case BuildResult.Failed failed -> {
                    lines.flushQuiet();
                    var detail = new LinkedHashMap<String, Object>();
                    if (failed.code() != 0) {
                        detail.put("code", failed.code());
                    }
                    detail.put("message", failed.message());
                    var line = new LinkedHashMap<String, Object>();
                    line.put("errorDetail", detail);
                    line.put("error", failed.message());
                    lines.direct(line);
                }
            }
        });
    }

    private Response prune(Request req) {
        var filters = io.berth.engine.PruneFilters.parse(req.filters(), BuildService.PRUNE_FILTERS);
        long keep = Math.max(longParam(req, "keep-storage"), longParam(req, "reserved-space"));
        return Response.json(builds.prune(req.queryBool("all"), filters, keep));
    }

    private static long longParam(Request req, String name) {
        var value = req.query(name).filter(s -> !s.isEmpty());
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value.get().strip());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid value for " + name + ": " + value.get());
        }
    }

    /** {@code buildargs}: a JSON object of strings, a null value meaning "declared without a value". */
    static Map<String, Optional<String>> buildArgs(Optional<String> raw) {
        var out = new LinkedHashMap<String, Optional<String>>();
        if (raw.isEmpty() || raw.get().isBlank()) {
            return out;
        }
        JsonNode node = Json.tree(raw.get().getBytes(StandardCharsets.UTF_8));
        if (!node.isObject()) {
            throw new InvalidArgumentException("invalid buildargs: " + raw.get());
        }
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? Optional.empty()
                : Optional.of(e.getValue().asText())));
        return out;
    }

    static Map<String, String> stringMap(Optional<String> raw, String what) {
        var out = new LinkedHashMap<String, String>();
        if (raw.isEmpty() || raw.get().isBlank()) {
            return out;
        }
        JsonNode node = Json.tree(raw.get().getBytes(StandardCharsets.UTF_8));
        if (!node.isObject()) {
            throw new InvalidArgumentException("invalid " + what + ": " + raw.get());
        }
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** {@code extrahosts}: docker sends them comma-separated (older clients a JSON list). */
    static List<String> extraHosts(Optional<String> raw) {
        var out = new ArrayList<String>();
        if (raw.isEmpty() || raw.get().isBlank()) {
            return out;
        }
        String s = raw.get().strip();
        if (s.startsWith("[")) {
            Json.tree(s.getBytes(StandardCharsets.UTF_8)).forEach(n -> out.add(n.asText()));
            return out;
        }
        for (String host : s.split(",")) {
            if (!host.isBlank()) {
                out.add(host.strip());
            }
        }
        return out;
    }

    /** The classic builder's stream: {@code {"stream":…}}, {@code {"aux":{"ID":…}}}, pull progress; quiet keeps text back. */
    private static final class Lines implements BuildOutput {
        private final OutputStream out;
        private final boolean quiet;
        private final StringBuilder held = new StringBuilder();

        Lines(OutputStream out, boolean quiet) {
            this.out = out;
            this.quiet = quiet;
        }

        @Override
        public void stream(String text) {
            if (quiet) {
                synchronized (held) {
                    held.append(text);
                }
                return;
            }
            direct(Map.of("stream", text));
        }

        @Override
        public void aux(String imageId) {
            direct(Map.of("aux", Map.of("ID", imageId)));
        }

        @Override
        public void pull(Progress progress) {
            if (!quiet) {
                direct(ProgressLines.message(progress));
            }
        }

        /** What a quiet build held back, written before its error (as Docker does). */
        void flushQuiet() {
            synchronized (held) {
                if (!held.isEmpty()) {
                    direct(Map.of("stream", held.toString()));
                    held.setLength(0);
                }
            }
        }

        synchronized void direct(Map<String, ?> line) {
            try {
                out.write(Json.writeBytes(line));
                out.write('\r');
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
