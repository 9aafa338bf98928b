package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Draws Docker's JSON progress stream as the docker CLI does (moby's {@code jsonmessage}): on a
 * terminal one line per layer, redrawn in place with its progress bar; otherwise plain lines,
 * leaving out those that only move a bar. {@code aux} messages are not shown.
 */
public final class ProgressPrinter implements Consumer<JsonNode> {
    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, Integer> lines = new HashMap<>();

    public ProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void accept(JsonNode message) {
        if (message.has("aux")) {
            return;
        }
        String id = message.path("id").asText("");
        String status = message.path("status").asText("");
        boolean hasProgress = message.has("progressDetail");
        if (message.hasNonNull("stream")) {
            out.print(message.get("stream").asText());
            out.flush();
            return;
        }
        if (!terminal) {
            JsonNode detail = message.path("progressDetail");
            if (detail.path("current").asLong(0) > 0 || detail.path("total").asLong(0) > 0) {
                return; // moby: no progress bars when the output is not a terminal
            }
            out.print((id.isEmpty() ? "" : id + ": ") + status + "\n");
            out.flush();
            return;
        }
        int diff = 0;
        if (!id.isEmpty() && hasProgress) {
            Integer line = lines.get(id);
            if (line == null) {
                line = lines.size();
                lines.put(id, line);
                out.print("\n");
            }
            diff = lines.size() - line;
            out.print("\u001b[" + diff + "A");
        } else {
            lines.clear(); // lines of an earlier stage (another tag of pull -a) are not redrawn
        }
        String endl = "\n";
        if (hasProgress) {
            out.print("\u001b[2K\r");
            endl = "\r";
        }
        if (!id.isEmpty()) {
            out.print(id + ": ");
        }
        if (hasProgress) {
            out.print(status + " " + message.path("progress").asText("") + endl);
        } else {
            out.print(status + endl);
        }
        if (!id.isEmpty() && diff > 0) {
            out.print("\u001b[" + diff + "B");
        }
        out.flush();
    }
}
