package io.berth.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Builds {@code path?a=1&b=x} with proper escaping. */
final class Query {
    private final String path;
    private final StringJoiner params = new StringJoiner("&");

    Query(String path) {
        this.path = path;
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/").replace("%3A", ":");
    }

    Query add(String name, String value) {
        if (value != null) {
            params.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return this;
    }

    Query flag(String name, boolean value) {
        if (value) {
            params.add(name + "=1");
        }
        return this;
    }

    @Override
    public String toString() {
        String q = params.toString();
        return q.isEmpty() ? path : path + "?" + q;
    }
}
