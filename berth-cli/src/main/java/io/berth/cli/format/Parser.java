package io.berth.cli.format;

import io.berth.cli.format.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser following Go's {@code text/template/parse}, including its error wording. */
final class Parser {
    private final List<Token> tokens;
    private final Set<String> functions;
    private final List<String> vars = new ArrayList<>(List.of("$"));
    private int index;
    private int seen;
    private int rangeDepth;
    private int actionLine;

    private Parser(List<Token> tokens, Set<String> functions) {
        this.tokens = tokens;
        this.functions = functions;
    }

    static Node.Seq parse(String text, Set<String> functions) {
        return new Parser(Lexer.lex(text), functions).root();
    }

    private Node.Seq root() {
        Node.Seq root = new Node.Seq(peek().pos(), new ArrayList<>());
        while (peek().kind() != Kind.EOF) {
            Node n = textOrAction();
            if (n instanceof Node.End || n instanceof Node.Else) {
                throw error("unexpected " + n);
            }
            root.nodes().add(n);
        }
        return root;
    }

    private record Items(Node.Seq list, Node next) {}

    private Items itemList() {
        Node.Seq list = new Node.Seq(peekNonSpace().pos(), new ArrayList<>());
        while (peekNonSpace().kind() != Kind.EOF) {
            Node n = textOrAction();
            if (n instanceof Node.End || n instanceof Node.Else) {
                return new Items(list, n);
            }
            list.nodes().add(n);
        }
        throw error("unexpected EOF");
    }

    private Node textOrAction() {
        Token token = nextNonSpace();
        return switch (token.kind()) {
            case TEXT -> new Node.Text(token.pos(), token.text());
            case LEFT_DELIM -> {
                actionLine = token.line();
                try {
                    yield action();
                } finally {
                    actionLine = 0;
                }
            }
            default -> throw unexpected(token, "input");
        };
    }

    private Node action() {
        Token token = nextNonSpace();
        switch (token.kind()) {
            case BREAK, CONTINUE -> {
                return loopControl(token);
            }
            case ELSE -> {
                return elseControl();
            }
            case END -> {
                return new Node.End(expect(Kind.RIGHT_DELIM, "end").pos());
            }
            case IF, RANGE, WITH -> {
                return control(token.text());
            }
            case DEFINE, TEMPLATE, BLOCK -> throw error("{{" + token.text() + "}} is not supported");
            default -> backup();
        }
        int pos = peek().pos();
        return new Node.Action(pos, pipeline("command", Kind.RIGHT_DELIM));
    }

    private Node loopControl(Token keyword) {
        Token token = nextNonSpace();
        if (token.kind() != Kind.RIGHT_DELIM) {
            throw unexpected(token, "{{" + keyword.text() + "}}");
        }
        if (rangeDepth == 0) {
            throw error("{{" + keyword.text() + "}} outside {{range}}");
        }
        return keyword.kind() == Kind.BREAK ? new Node.Break(keyword.pos()) : new Node.Continue(keyword.pos());
    }

    private Node elseControl() {
        Token peek = peekNonSpace();
        if (peek.kind() == Kind.IF || peek.kind() == Kind.WITH) {
            // "else if" / "else with": the if/with token stays pending for control()
            return new Node.Else(peek.pos());
        }
        return new Node.Else(expect(Kind.RIGHT_DELIM, "else").pos());
    }

    private Node.Branch control(String keyword) {
        int mark = vars.size();
        try {
            Node.Pipe pipe = pipeline(keyword, Kind.RIGHT_DELIM);
            boolean range = keyword.equals("range");
            if (range) {
                rangeDepth++;
            }
            Items body = itemList();
            if (range) {
                rangeDepth--;
            }
            Node.Seq elseList = null;
            if (body.next() instanceof Node.Else otherwise) {
                Kind chained = keyword.equals("if") ? Kind.IF : keyword.equals("with") ? Kind.WITH : null;
                if (chained != null && peek().kind() == chained) {
                    // {{if a}}x{{else if b}}y{{end}} is {{if a}}x{{else}}{{if b}}y{{end}}{{end}}
                    next();
                    elseList = new Node.Seq(otherwise.pos(), new ArrayList<>(List.of(control(keyword))));
                } else {
                    Items rest = itemList();
                    if (!(rest.next() instanceof Node.End)) {
                        throw error("expected end; found " + rest.next());
                    }
                    elseList = rest.list();
                }
            }
            return new Node.Branch(keyword, pipe.pos(), pipe, body.list(), elseList);
        } finally {
            vars.subList(mark, vars.size()).clear();
        }
    }

    private Node.Pipe pipeline(String context, Kind end) {
        int pos = peekNonSpace().pos();
        List<Node.Variable> decl = new ArrayList<>();
        boolean assign = false;
        while (true) {
            int save = index;
            Token variable = nextNonSpace();
            if (variable.kind() != Kind.VARIABLE) {
                index = save;
                break;
            }
            Token after = nextNonSpace();
            if (after.kind() == Kind.DECLARE || after.kind() == Kind.ASSIGN) {
                assign = after.kind() == Kind.ASSIGN;
                declare(decl, variable);
                break;
            }
            if (after.kind() == Kind.CHAR && after.text().equals(",")) {
                declare(decl, variable);
                if (context.equals("range") && decl.size() < 2) {
                    if (peekNonSpace().kind() == Kind.VARIABLE) {
                        continue;
                    }
                    throw error("range can only initialize variables");
                }
                throw error("too many declarations in " + context);
            }
            index = save;
            break;
        }
        List<Node.Command> cmds = new ArrayList<>();
        while (true) {
            Token token = nextNonSpace();
            if (token.kind() == end) {
                checkPipeline(cmds, context);
                return new Node.Pipe(pos, decl, assign, cmds);
            }
            switch (token.kind()) {
                case BOOL, CHAR_CONSTANT, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE,
                     LEFT_PAREN -> {
                    backup();
                    cmds.add(command());
                }
                default -> throw unexpected(token, context);
            }
        }
    }

    private void declare(List<Node.Variable> decl, Token variable) {
        decl.add(new Node.Variable(variable.pos(), List.of(variable.text())));
        vars.add(variable.text());
    }

    private void checkPipeline(List<Node.Command> cmds, String context) {
        if (cmds.isEmpty()) {
            throw error("missing value for " + context);
        }
        for (int i = 1; i < cmds.size(); i++) {
            Node first = cmds.get(i).args().getFirst();
            if (first instanceof Node.Bool || first instanceof Node.Dot || first instanceof Node.Nil
                    || first instanceof Node.Num || first instanceof Node.Str) {
                throw error("non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private Node.Command command() {
        int pos = peekNonSpace().pos();
        List<Node> args = new ArrayList<>();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) {
                args.add(operand);
            }
            Token token = next();
            if (token.kind() == Kind.SPACE) {
                continue;
            }
            if (token.kind() == Kind.RIGHT_DELIM || token.kind() == Kind.RIGHT_PAREN) {
                backup();
            } else if (token.kind() != Kind.PIPE) {
                throw unexpected(token, "operand");
            }
            break;
        }
        if (args.isEmpty()) {
            throw error("empty command");
        }
        return new Node.Command(pos, args);
    }

    private Node operand() {
        Node node = term();
        if (node == null || peek().kind() != Kind.FIELD) {
            return node;
        }
        int pos = peek().pos();
        List<String> fields = new ArrayList<>();
        while (peek().kind() == Kind.FIELD) {
            fields.add(next().text().substring(1));
        }
        return switch (node) {
            case Node.Field f -> new Node.Field(pos, concat(f.ident(), fields));
            case Node.Variable v -> new Node.Variable(pos, concat(v.ident(), fields));
            case Node.Bool _, Node.Str _, Node.Num _, Node.Nil _, Node.Dot _ ->
                    throw error("unexpected . after term " + Quoting.quote(node.toString(), false));
            default -> new Node.Chain(pos, node, List.copyOf(fields));
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private Node term() {
        Token token = nextNonSpace();
        return switch (token.kind()) {
            case IDENTIFIER -> {
                if (!functions.contains(token.text())) {
                    throw error("function " + Quoting.quote(token.text(), false) + " not defined");
                }
                yield new Node.Ident(token.pos(), token.text());
            }
            case DOT -> new Node.Dot(token.pos());
            case NIL -> new Node.Nil(token.pos());
            case VARIABLE -> {
                if (!vars.contains(token.text())) {
                    throw error("undefined variable " + Quoting.quote(token.text(), false));
                }
                yield new Node.Variable(token.pos(), List.of(token.text()));
            }
            case FIELD -> new Node.Field(token.pos(), List.of(token.text().substring(1)));
            case BOOL -> new Node.Bool(token.pos(), token.text().equals("true"));
            case NUMBER, CHAR_CONSTANT -> number(token);
            case LEFT_PAREN -> pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
            case STRING, RAW_STRING -> {
                String text = Quoting.unquote(token.text());
                if (text == null) {
                    throw error("invalid syntax");
                }
                yield new Node.Str(token.pos(), token.text(), text);
            }
            default -> {
                backup();
                yield null;
            }
        };
    }

    private Node.Num number(Token token) {
        String text = token.text();
        if (token.kind() == Kind.CHAR_CONSTANT) {
            int rune = Quoting.unquoteChar(text);
            if (rune < 0) {
                throw error("malformed character constant: " + text);
            }
            return new Node.Num(token.pos(), text, (long) rune);
        }
        String clean = text.replace("_", "");
        boolean hex = clean.matches("[+-]?0[xX].*");
        boolean floating = hex ? clean.matches(".*[pP].*") : clean.matches(".*[.eEpP].*");
        Long integer = floating ? null : integer(clean);
        if (integer != null) {
            return new Node.Num(token.pos(), text, integer);
        }
        try {
            double value = Double.parseDouble(clean);
            if (!floating && value == Math.rint(value) && Math.abs(value) < 0x1p63) {
                return new Node.Num(token.pos(), text, (long) value);
            }
            return new Node.Num(token.pos(), text, value);
        } catch (NumberFormatException e) {
            throw error("illegal number syntax: " + Quoting.quote(text, false));
        }
    }

    private static Long integer(String s) {
        boolean negative = s.startsWith("-");
        String body = negative || s.startsWith("+") ? s.substring(1) : s;
        int radix = 10;
        String lower = body.toLowerCase();
        if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b")) {
            radix = switch (lower.charAt(1)) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            body = body.substring(2);
        } else if (body.length() > 1 && body.startsWith("0")) {
            radix = 8;
            body = body.substring(1);
        }
        try {
            BigInteger value = new BigInteger(body, radix);
            return (negative ? value.negate() : value).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private Token expect(Kind kind, String context) {
        Token token = nextNonSpace();
        if (token.kind() != kind) {
            throw unexpected(token, context);
        }
        return token;
    }

    private TemplateException unexpected(Token token, String context) {
        if (token.kind() == Kind.ERROR) {
            String extra = "";
            if (actionLine != 0 && actionLine != token.line()) {
                extra = " in action started at :" + actionLine;
                if (token.text().endsWith(" action")) {
                    extra = extra.substring(" in action".length());
                }
            }
            return error(token.text() + extra);
        }
        return error("unexpected " + token + " in " + context);
    }

    private TemplateException error(String message) {
        int line = tokens.get(Math.min(seen, tokens.size() - 1)).line();
        return new TemplateException("template: :" + line + ": " + message);
    }

    private Token next() {
        Token token = peek();
        index++;
        return token;
    }

    private Token peek() {
        int at = Math.min(index, tokens.size() - 1);
        seen = Math.max(seen, at);
        return tokens.get(at);
    }

    private void backup() {
        index--;
    }

    private Token nextNonSpace() {
        Token token;
        do {
            token = next();
        } while (token.kind() == Kind.SPACE);
        return token;
    }

    private Token peekNonSpace() {
        Token token = nextNonSpace();
        backup();
        return token;
    }
}
