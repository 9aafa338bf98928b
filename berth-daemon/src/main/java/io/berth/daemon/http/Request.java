package io.berth.daemon.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import io.berth.common.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** A parsed request: method, path (version prefix removed), query, headers, body and path parameters. */
public final class Request {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final Headers headers;
    private final InputStream body;
    private final ApiVersion version;
    private final String id;
    private Map<String, String> pathParams = Map.of();

    public Request(String method, String path, Map<String, List<String>> query, Headers headers, InputStream body,
                   ApiVersion version, String id) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.version = version;
        this.id = id;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Headers headers() {
        return headers;
    }

    public InputStream body() {
        return body;
    }

    public ApiVersion apiVersion() {
        return version;
    }

    public String id() {
        return id;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("no path parameter " + name);
        }
        return value;
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** Docker's boolean query values: anything but "", "0", "no", "false", "none" is true. */
    public boolean queryBool(String name) {
        return query(name).map(v -> {
            String s = v.strip().toLowerCase(Locale.ROOT);
            return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
        }).orElse(false);
    }

    public boolean queryBool(String name, boolean absent) {
        return query(name).isPresent() ? queryBool(name) : absent;
    }

    public OptionalInt queryInt(String name) {
        var value = query(name).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.get().strip()));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid value for " + name + ": " + value.get());
        }
    }

    /**
     * {@code filters} as Docker's {@code map[string][]string}; the older
     * {@code {"key":{"value":true}}} form is accepted too.
     */
    public Map<String, List<String>> filters() {
        var raw = query("filters").filter(s -> !s.isBlank());
        if (raw.isEmpty()) {
            return Map.of();
        }
        JsonNode node = Json.tree(raw.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!node.isObject()) {
            throw new InvalidArgumentException("invalid filter: " + raw.get());
        }
        var filters = new LinkedHashMap<String, List<String>>();
        node.properties().forEach(entry -> {
            var values = new ArrayList<String>();
            JsonNode v = entry.getValue();
            if (v.isArray()) {
                v.forEach(item -> values.add(item.asText()));
            } else if (v.isObject()) {
                v.properties().forEach(e -> {
                    if (e.getValue().asBoolean(true)) {
                        values.add(e.getKey());
                    }
                });
            } else {
                values.add(v.asText());
            }
            filters.put(entry.getKey(), values);
        });
        return filters;
    }

    /** The body as JSON of the given type; an empty body is a 400, as in Docker. */
    public <T> T json(Class<T> type) {
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            throw new InvalidArgumentException("invalid JSON: request body is empty");
        }
        return Json.read(bytes, type);
    }

    public JsonNode jsonTree() {
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            throw new InvalidArgumentException("invalid JSON: request body is empty");
        }
        return Json.tree(bytes);
    }

    public byte[] bodyBytes() {
        try {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
