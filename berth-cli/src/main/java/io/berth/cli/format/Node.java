package io.berth.cli.format;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The parse tree. {@code pos} is the offset of the node in the template text; {@code toString}
 * renders a node as Go's {@code String()} does, for the {@code at <...>} part of error messages.
 */
sealed interface Node {
    int pos();

    /** A sequence of nodes (Go's ListNode). */
    record Seq(int pos, List<Node> nodes) implements Node {
        @Override
        public String toString() {
            return nodes.stream().map(Node::toString).collect(Collectors.joining());
        }
    }

    record Text(int pos, String text) implements Node {
        @Override
        public String toString() {
            return Quoting.quote(text, false);
        }
    }

    record Action(int pos, Pipe pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
        }
    }

    /** {@code if}, {@code with} and {@code range}: a pipeline, a body and an optional else body. */
    record Branch(String keyword, int pos, Pipe pipe, Seq list, Seq elseList) implements Node {
        @Override
        public String toString() {
            String otherwise = elseList == null ? "" : "{{else}}" + elseList;
            return "{{" + keyword + " " + pipe + "}}" + list + otherwise + "{{end}}";
        }
    }

    record Break(int pos) implements Node {
        @Override
        public String toString() {
            return "{{break}}";
        }
    }

    record Continue(int pos) implements Node {
        @Override
        public String toString() {
            return "{{continue}}";
        }
    }

    /** {@code {{end}}}, only while parsing. */
    record End(int pos) implements Node {
        @Override
        public String toString() {
            return "{{end}}";
        }
    }

    /** {@code {{else}}}, only while parsing. */
    record Else(int pos) implements Node {
        @Override
        public String toString() {
            return "{{else}}";
        }
    }

    /** A pipeline with its declared variables; a parenthesised pipeline is also an operand. */
    record Pipe(int pos, List<Variable> decl, boolean assign, List<Command> cmds) implements Node {
        @Override
        public String toString() {
            String vars = decl.isEmpty() ? ""
                    : decl.stream().map(Node::toString).collect(Collectors.joining(", ")) + (assign ? " = " : " := ");
            return vars + cmds.stream().map(Node::toString).collect(Collectors.joining(" | "));
        }
    }

    record Command(int pos, List<Node> args) implements Node {
        @Override
        public String toString() {
            return args.stream().map(a -> a instanceof Pipe ? "(" + a + ")" : a.toString())
                    .collect(Collectors.joining(" "));
        }
    }

    /** {@code .A.B}: the names without dots. */
    record Field(int pos, List<String> ident) implements Node {
        @Override
        public String toString() {
            return "." + String.join(".", ident);
        }
    }

    /** {@code $x.A}: the variable name then the field names. */
    record Variable(int pos, List<String> ident) implements Node {
        @Override
        public String toString() {
            return String.join(".", ident);
        }
    }

    /** Fields after a non-field term, as in {@code (index .A 0).B}. */
    record Chain(int pos, Node node, List<String> fields) implements Node {
        @Override
        public String toString() {
            String head = node instanceof Pipe ? "(" + node + ")" : node.toString();
            return head + fields.stream().map(f -> "." + f).collect(Collectors.joining());
        }
    }

    /** A function name. */
    record Ident(int pos, String name) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    record Dot(int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    record Nil(int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    record Bool(int pos, boolean value) implements Node {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A number or character constant: {@code value} is a Long or a Double. */
    record Num(int pos, String text, Object value) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A string literal as written ({@code quoted}) and its value. */
    record Str(int pos, String quoted, String text) implements Node {
        @Override
        public String toString() {
            return quoted;
        }
    }
}
