package io.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.InternalException;
import io.berth.common.Json;
import io.berth.common.UnavailableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A stream of JSON documents, one per line (progress, events); an {@code errorDetail} line becomes an exception. */
public final class JsonLines {
    private JsonLines() {}

    public static void read(InputStream in, Consumer<JsonNode> consumer) {
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = Json.tree(line.getBytes(StandardCharsets.UTF_8));
                if (node.hasNonNull("errorDetail") || node.hasNonNull("error")) {
                    String message = node.path("errorDetail").path("message").asText(node.path("error").asText());
                    throw new InternalException(message);
                }
                consumer.accept(node);
            }
        } catch (IOException e) {
            throw new UnavailableException("reading the daemon's stream: " + e.getMessage(), e);
        }
    }
}
