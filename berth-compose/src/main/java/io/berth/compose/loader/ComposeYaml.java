package io.berth.compose.loader;

import io.berth.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a compose file into a plain tree ({@code LinkedHashMap<String, Object>}, {@code ArrayList},
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code null}) as Compose reads it:
 * YAML 1.2 scalars (so {@code yes}, {@code on} and {@code 22:22} stay strings, as go-yaml v3 leaves
 * them), anchors, aliases and YAML 1.1 merge keys ({@code <<: *base}, {@code <<: [*a, *b]}),
 * duplicate keys refused, and Compose's {@code !reset} and {@code !override} tags for override files.
 */
public final class ComposeYaml {
    /** {@code !reset}: the override file removes the value it tags. */
    public record ResetTag() {}

    /** {@code !override}: the override file's value replaces the base's whole, without merging. */
    public record OverrideTag(Object value) {}

    private static final Tag RESET = new Tag("!reset");
    private static final Tag OVERRIDE = new Tag("!override");

    private ComposeYaml() {}

    /** Parses {@code text}; {@code file} names it in errors. An empty document is an empty mapping. */
    public static Map<String, Object> parse(String text, String file) {
        Object root;
        try {
            var options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(1000);
            options.setCodePointLimit(64 * 1024 * 1024);
            var yaml = new Yaml(new Constructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                    options, new Yaml12Resolver());
            root = yaml.load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ": ";
            throw new InvalidArgumentException(file + ": yaml: " + where + problem(e));
        } catch (YAMLException e) {
            throw new InvalidArgumentException(file + ": yaml: " + e.getMessage());
        }
        if (root == null) {
            return new LinkedHashMap<>();
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new InvalidArgumentException(file + ": Top-level object must be a mapping");
        }
        return asMap(normalise(root));
    }

    private static String problem(MarkedYAMLException e) {
        String p = e.getProblem() == null ? e.getMessage() : e.getProblem();
        if (p.startsWith("found duplicate key ")) {
            return "mapping key \"" + p.substring("found duplicate key ".length()) + "\" already defined";
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** Keys become strings, numbers become Long or Double. */
    private static Object normalise(Object o) {
        if (o instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalise(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            var out = new ArrayList<Object>(l.size());
            l.forEach(v -> out.add(normalise(v)));
            return out;
        }
        if (o instanceof Integer i) {
            return i.longValue();
        }
        if (o instanceof java.math.BigInteger b) {
            return b.toString();
        }
        if (o instanceof Float f) {
            return f.doubleValue();
        }
        if (o instanceof OverrideTag ov) {
            return new OverrideTag(normalise(ov.value()));
        }
        if (o instanceof byte[] || o instanceof java.util.Date || o instanceof java.util.Set<?>) {
            return String.valueOf(o);
        }
        return o;
    }

    /** SafeConstructor plus {@code !reset} and {@code !override}. */
    private static final class Constructor extends SafeConstructor {
        Constructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(RESET, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return new ResetTag();
                }
            });
            yamlConstructors.put(OVERRIDE, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    Node copy = switch (node) {
                        case MappingNode m -> new MappingNode(Tag.MAP, m.getValue(), m.getFlowStyle());
                        case SequenceNode s -> new SequenceNode(Tag.SEQ, s.getValue(), s.getFlowStyle());
                        case ScalarNode s -> new ScalarNode(Tag.STR, s.getValue(), s.getStartMark(), s.getEndMark(),
                                s.getScalarStyle());
                        default -> node;
                    };
                    return new OverrideTag(constructObject(copy));
                }
            });
        }
    }

    /** The YAML 1.2 core schema's implicit types, plus the merge key. */
    private static final class Yaml12Resolver extends Resolver {
        private static final Pattern BOOL12 = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern INT12 = Pattern.compile("^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$");
        private static final Pattern FLOAT12 = Pattern.compile(
                "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
        private static final Pattern NULL12 = Pattern.compile("^(?:~|null|Null|NULL|)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL12, "tfTF");
            addImplicitResolver(Tag.INT, INT12, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT12, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL12, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
