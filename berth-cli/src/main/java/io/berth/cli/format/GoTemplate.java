package io.berth.cli.format;

import java.util.Map;
import java.util.Objects;

/**
 * A parsed Go {@code text/template}, evaluated over plain JSON-like data (maps, lists, strings,
 * numbers, booleans, null), Jackson {@code JsonNode} trees, records and {@link TemplateMethod}s.
 * Supports what docker users write: fields and chains, variables, pipelines, if/with/range with
 * else, break/continue, parentheses, literals, trim markers and comments, Go's builtins and
 * docker's json, split, join, title, lower, upper, pad and truncate. Errors read as Go's do.
 */
public final class GoTemplate {
    private final String source;
    private final Node.Seq root;
    private final Executor.MissingKey missingKey;

    private GoTemplate(String source, Node.Seq root, Executor.MissingKey missingKey) {
        this.source = source;
        this.root = root;
        this.missingKey = missingKey;
    }

    /** Parses {@code text}; throws {@link TemplateException} worded as Go's parser errors. */
    public static GoTemplate parse(String text) {
        Objects.requireNonNull(text, "text");
        return new GoTemplate(text, Parser.parse(text, Builtins.STANDARD.keySet()), Executor.MissingKey.DEFAULT);
    }

    /**
     * Go's {@code Template.Option}: {@code missingkey=default} (or {@code invalid}) prints
     * {@code <no value>} for a missing key, {@code missingkey=zero} gives nil and
     * {@code missingkey=error} stops with "map has no entry for key", as docker inspect does.
     */
    public GoTemplate option(String option) {
        Executor.MissingKey key = switch (option) {
            case "missingkey=default", "missingkey=invalid" -> Executor.MissingKey.DEFAULT;
            case "missingkey=zero" -> Executor.MissingKey.ZERO;
            case "missingkey=error" -> Executor.MissingKey.ERROR;
            default -> throw new IllegalArgumentException("unrecognized option: " + option);
        };
        return new GoTemplate(source, root, key);
    }

    /** Renders the template over {@code data}; throws {@link TemplateException} on execution errors. */
    public String execute(Object data) {
        StringBuilder out = new StringBuilder();
        executeInto(out, data, Builtins.STANDARD);
        return out.toString();
    }

    /** Renders into {@code out}, which keeps what was written before an error, as Go's writer does. */
    void executeInto(StringBuilder out, Object data, Map<String, Builtin> functions) {
        new Executor(source, functions, missingKey, out).run(root, data);
    }

    @Override
    public String toString() {
        return source;
    }
}
