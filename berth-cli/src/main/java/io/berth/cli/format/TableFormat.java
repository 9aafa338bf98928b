package io.berth.cli.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A command's {@code --format}, handled as docker's formatter does. {@code table ...} renders a
 * header row (each field answering its column title) and one row per item, aligned by
 * {@link TabWriter#docker()}; {@code json} renders {@code {{json .}}} per item; anything else is
 * a raw template per item. In all three, {@code \t} and {@code \n} typed as two characters become
 * a tab and a newline and surrounding spaces are trimmed, and every item ends with a newline.
 * {@code table} alone uses a default built from the header map's fields, in its order; commands
 * with their own default table should pass that instead.
 */
public final class TableFormat {
    private static final String TABLE = "table";
    private static final String JSON = "json";
    private static final String JSON_TEMPLATE = "{{json .}}";

    private final String format;
    private final boolean table;
    private final Map<String, String> headers;
    private GoTemplate rows;
    private GoTemplate single;

    private TableFormat(String format, Map<String, String> headers) {
        this.format = format;
        this.table = format.startsWith(TABLE);
        this.headers = headers;
    }

    /** {@code headers} maps field names to column titles, e.g. {@code "ID" -> "CONTAINER ID"}. */
    public static TableFormat of(String format, Map<String, String> headers) {
        Objects.requireNonNull(format, "format");
        return new TableFormat(format, new LinkedHashMap<>(headers));
    }

    public boolean isTable() {
        return table;
    }

    public boolean isJson() {
        return !table && format.strip().equals(JSON);
    }

    /** One line per row (rows being template data, usually maps), after a header when a table. */
    public String render(List<?> items) {
        GoTemplate template = rowTemplate();
        StringBuilder body = new StringBuilder();
        for (Object item : items) {
            template.executeInto(body, item, Builtins.STANDARD);
            body.append('\n');
        }
        if (!table) {
            return body.toString();
        }
        StringBuilder header = new StringBuilder();
        try {
            template.executeInto(header, new HeaderRow(headers), Builtins.HEADER);
        } catch (TemplateException e) {
            // docker ignores header errors and prints what was written before the failure
        }
        return TabWriter.docker().format(header.append('\n').append(body).toString());
    }

    /**
     * One object, as {@code docker inspect --format} renders it: the template exactly as given
     * (no {@code table} handling, no escape replacement) followed by a newline.
     */
    public String renderOne(Object data) {
        if (single == null) {
            single = GoTemplate.parse(isJson() ? JSON_TEMPLATE : format);
        }
        return single.execute(data) + "\n";
    }

    private GoTemplate rowTemplate() {
        if (rows == null) {
            String body = table ? format.substring(TABLE.length()) : isJson() ? JSON_TEMPLATE : format;
            body = trimSpaces(body).replace("\\t", "\t").replace("\\n", "\n");
            if (table && body.isEmpty()) {
                body = headers.keySet().stream().map(f -> "{{." + f + "}}").collect(Collectors.joining("\t"));
            }
            rows = GoTemplate.parse(body);
        }
        return rows;
    }

    /** Go's {@code strings.Trim(s, " ")}: spaces only, not tabs or newlines. */
    private static String trimSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(start, end);
    }
}
