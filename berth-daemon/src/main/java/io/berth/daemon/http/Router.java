package io.berth.daemon.http;

import io.berth.common.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Method + path template ({@code /containers/{name}/start}) → route. */
public final class Router {
    private record Entry(String method, Pattern pattern, List<String> params, Route route) {}

    private final List<Entry> entries;

    private Router(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers routes; each resource's routes class adds its own. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        public Builder add(String method, String template, Route route) {
            var params = new ArrayList<String>();
            var regex = new StringBuilder("^");
            Matcher m = Pattern.compile("\\{([a-zA-Z]+)(\\*?)}").matcher(template);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start())));
                regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
                params.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(template.substring(last))).append("/?$");
            entries.add(new Entry(method, Pattern.compile(regex.toString()), params, route));
            return this;
        }

        public Builder add(RouteGroup group) {
            group.register(this);
            return this;
        }

        public Router build() {
            return new Router(entries);
        }
    }

    /** A set of routes for one API resource. */
    public interface RouteGroup {
        void register(Builder builder);
    }

    /** Finds the route; a path that exists with another method is also a 404, as in Docker. */
    public Route find(Request request) {
        for (Entry e : entries) {
            if (!e.method.equals(request.method()) && !(request.method().equals("HEAD") && e.method.equals("GET"))) {
                continue;
            }
            Matcher m = e.pattern.matcher(request.path());
            if (m.matches()) {
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 0; i < e.params.size(); i++) {
                    params.put(e.params.get(i), m.group(i + 1));
                }
                request.pathParams(params);
                return e.route;
            }
        }
        throw new NotFoundException("page not found");
    }

    public Optional<Route> findOptional(Request request) {
        try {
            return Optional.of(find(request));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
