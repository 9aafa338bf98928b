package io.berth.compose.loader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks a compose file (after interpolation) against the Compose Specification's JSON schema
 * ({@code compose-spec.json}, a verbatim copy of {@code ../shared/specs/compose/}); the first
 * problem becomes an error naming the file, the path in it and what is wrong, in Compose's words:
 * {@code validating compose.yaml: services.web additional properties 'imag' not allowed}.
 */
public final class SchemaCheck {
    private static volatile Schema schema;

    private SchemaCheck() {}

    public static void validate(Map<String, Object> model, String file) {
        List<Error> errors = schema().validate(Json.write(model), InputFormat.JSON);
        if (errors.isEmpty()) {
            return;
        }
        Error first = errors.stream().min(Comparator.comparingInt(SchemaCheck::rank)
                .thenComparing(e -> -path(e).length())).orElseThrow();
        throw new InvalidArgumentException("validating " + file + ": " + describe(first));
    }

    /** Plain errors first; "matches none of oneOf" only when nothing more precise was said. */
    private static int rank(Error e) {
        return switch (e.getKeyword()) {
            case "additionalProperties" -> 0;
            case "oneOf", "anyOf" -> 3;
            case "required" -> 1;
            default -> 2;
        };
    }

    static String describe(Error e) {
        String path = path(e);
        String at = path.isEmpty() ? "(root)" : path;
        return switch (e.getKeyword()) {
            case "additionalProperties" -> at + " additional properties '" + e.getProperty() + "' not allowed";
            case "type" -> at + " must be a " + expected(e);
            case "required" -> at + " missing property '" + e.getProperty() + "'";
            case "enum" -> at + " must be one of the allowed values: " + e.getMessage().replaceFirst("^.*?: ?", "");
            case "oneOf", "anyOf" -> at + " does not match any of the allowed forms";
            case "uniqueItems" -> at + " must contain unique items";
            case "pattern", "patternProperties", "propertyNames" -> at + " does not match the allowed pattern: "
                    + e.getMessage().replaceFirst("^\\$[^ ]* ", "");
            case "minItems", "maxItems", "minimum", "maximum", "minProperties", "maxProperties", "minLength" ->
                    at + " " + e.getMessage().replaceFirst("^\\$[^ ]* ", "");
            default -> at + " " + e.getMessage().replaceFirst("^\\$[^ ]* ", "");
        };
    }

    private static String expected(Error e) {
        Object[] args = e.getArguments();
        String expected = args != null && args.length > 1 ? String.valueOf(args[1]) : "valid value";
        expected = expected.replaceAll("[\\[\\]\"]", "").replace(", ", " or ").replace(",", " or ");
        return expected.replace("object", "mapping").replace("array", "list");
    }

    /** {@code $.services.web.ports[0]} as Compose writes it: {@code services.web.ports.0}. */
    static String path(Error e) {
        String p = e.getInstanceLocation().toString();
        if (p.startsWith("$")) {
            p = p.substring(1);
        } else if (p.startsWith("/") || p.isEmpty()) {
            p = p.replace("~1", "\u0000").replace('/', '.').replace("~0", "~").replace('\u0000', '/');
        }
        p = p.replaceAll("\\[(\\d+)]", ".$1").replaceAll("\\['([^']*)']", ".$1");
        return p.startsWith(".") ? p.substring(1) : p;
    }

    private static void dropAnnotations(com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.path("deprecated").isBoolean()) {
                o.remove("deprecated");
            }
            o.forEach(SchemaCheck::dropAnnotations);
        } else if (node.isArray()) {
            node.forEach(SchemaCheck::dropAnnotations);
        }
    }

    private static Schema schema() {
        Schema s = schema;
        if (s == null) {
            try (InputStream in = SchemaCheck.class.getResourceAsStream("/io/berth/compose/compose-spec.json")) {
                var tree = (ObjectNode) Json.mapper().readTree(in);
                tree.remove("$schema"); // draft-07, known to the validator: nothing to fetch
                dropAnnotations(tree); // "deprecated" is an annotation draft-07 lacks; the validator would warn
                s = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                        .getSchema(SchemaLocation.of("classpath:io/berth/compose/compose-spec.json"), Json.write(tree),
                                InputFormat.JSON);
            } catch (IOException e) {
                throw new InternalException("reading the compose schema: " + e.getMessage());
            }
            schema = s;
        }
        return s;
    }
}
