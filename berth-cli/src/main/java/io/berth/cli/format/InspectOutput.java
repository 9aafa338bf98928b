package io.berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * What docker's {@code inspect} commands print for the objects found: one indented JSON array, or
 * with {@code --format} the template once per object.
 */
public final class InspectOutput {
    private InspectOutput() {}

    public static void print(PrintWriter out, List<JsonNode> found, String format) {
        if (format == null || format.isEmpty()) {
            out.println(IndentedJson.of(found));
        } else {
            var template = TableFormat.of(format, Map.of());
            found.forEach(node -> out.print(template.renderOne(node)));
        }
        out.flush();
    }
}
