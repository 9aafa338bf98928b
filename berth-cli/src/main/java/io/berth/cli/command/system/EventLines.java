package io.berth.cli.command.system;

import io.berth.api.model.Event;
import io.berth.cli.format.TableFormat;
import io.berth.cli.format.TemplateMethod;
import io.berth.common.Json;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One event as {@code docker events} prints it. Without {@code --format}:
 * {@code 2026-11-28T19:51:20.123456789Z container start 46a6… (image=busybox, name=web)}, the time
 * in the local zone with nine fraction digits and the attributes sorted by key. {@code json} and
 * {@code {{json .}}} print the message as the API sent it; any other template sees the fields of
 * docker's {@code events.Message} ({@code .Status}, {@code .ID}, {@code .From}, {@code .Type},
 * {@code .Action}, {@code .Actor.ID}, {@code .Actor.Attributes}, {@code .Scope}, {@code .Time},
 * {@code .TimeNano}).
 */
final class EventLines {
    /** Go's RFC3339NanoFixed. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    private final Optional<String> format;
    private final ZoneId zone;
    private final TableFormat template;

    EventLines(Optional<String> format, ZoneId zone) {
        this.format = format;
        this.zone = zone;
        this.template = format.filter(f -> !isJson(f)).map(f -> TableFormat.of(f, Map.of())).orElse(null);
    }

    String render(Event event) {
        if (format.isEmpty()) {
            return pretty(event);
        }
        if (template == null) {
            return Json.write(event) + "\n";
        }
        return template.renderOne(templateData(event));
    }

    private static boolean isJson(String format) {
        String f = format.strip();
        return f.equals("json") || f.equals("{{json .}}");
    }

    String pretty(Event event) {
        var line = new StringBuilder();
        if (event.timeNano() != 0 || event.time() != 0) {
            line.append(TIME.format(event.instant().atZone(zone))).append(' ');
        }
        line.append(event.type()).append(' ').append(event.action()).append(' ').append(event.actor().id());
        var attributes = event.attributes();
        if (!attributes.isEmpty()) {
            line.append(" (").append(new TreeMap<>(attributes).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))).append(')');
        }
        return line.append('\n').toString();
    }

    /**
     * The message as template data: its JSON fields (what {@code {{json .}}} inside a longer template
     * prints) and docker's Go field names as methods (which JSON leaves out).
     */
    static Map<String, Object> templateData(Event event) {
        var data = new LinkedHashMap<String, Object>();
        event.status().ifPresent(s -> data.put("status", s));
        event.id().ifPresent(s -> data.put("id", s));
        event.from().ifPresent(s -> data.put("from", s));
        data.put("Type", event.type());
        data.put("Action", event.action());
        var actor = new LinkedHashMap<String, Object>();
        actor.put("ID", event.actor().id());
        actor.put("Attributes", new TreeMap<>(event.attributes()));
        data.put("Actor", actor);
        data.put("scope", event.scope());
        data.put("time", event.time());
        data.put("timeNano", event.timeNano());
        data.put("Status", method(event.status().orElse("")));
        data.put("ID", method(event.id().orElse("")));
        data.put("From", method(event.from().orElse("")));
        data.put("Scope", method(event.scope()));
        data.put("Time", method(event.time()));
        data.put("TimeNano", method(event.timeNano()));
        return data;
    }

    private static TemplateMethod method(Object value) {
        return _ -> value;
    }
}
