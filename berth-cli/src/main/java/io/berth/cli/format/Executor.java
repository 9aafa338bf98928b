package io.berth.cli.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Walks a parsed template over data, following Go's {@code text/template} exec rules. */
final class Executor {
    /** Go's missingkey option. */
    enum MissingKey { DEFAULT, ZERO, ERROR }

    /** Go's "missingVal": no value came down the pipeline. */
    private static final Object NONE = new Object();

    /** {@code {{break}}} and {@code {{continue}}} unwind to the innermost range. */
    private static final class LoopControl extends RuntimeException {
        LoopControl() {
            super(null, null, false, false);
        }
    }

    private static final LoopControl BREAK = new LoopControl();
    private static final LoopControl CONTINUE = new LoopControl();

    private final String source;
    private final Map<String, Builtin> functions;
    private final MissingKey missingKey;
    private final StringBuilder out;
    private final List<String> varNames = new ArrayList<>();
    private final List<Object> varValues = new ArrayList<>();
    private Node current;

    Executor(String source, Map<String, Builtin> functions, MissingKey missingKey, StringBuilder out) {
        this.source = source;
        this.functions = functions;
        this.missingKey = missingKey;
        this.out = out;
    }

    void run(Node.Seq root, Object data) {
        Object dot = data == null ? Values.NO_VALUE : Values.plain(data);
        push("$", dot);
        walk(dot, root);
    }

    private void walk(Object dot, Node node) {
        current = node;
        switch (node) {
            case Node.Seq seq -> seq.nodes().forEach(n -> walk(dot, n));
            case Node.Text text -> out.append(text.text());
            case Node.Action action -> {
                Object value = evalPipeline(dot, action.pipe());
                if (action.pipe().decl().isEmpty()) {
                    print(action, value);
                }
            }
            case Node.Branch branch when branch.keyword().equals("range") -> walkRange(dot, branch);
            case Node.Branch branch -> walkIfOrWith(dot, branch);
            case Node.Break _ -> throw BREAK;
            case Node.Continue _ -> throw CONTINUE;
            default -> throw error("unknown node: " + node);
        }
    }

    private void print(Node node, Object value) {
        current = node;
        if (value instanceof TemplateMethod) {
            throw error("can't print " + node + " of type " + Values.typeName(value));
        }
        out.append(Printer.value(value == Values.NO_VALUE ? "<no value>" : value));
    }

    private void walkIfOrWith(Object dot, Node.Branch branch) {
        int mark = varNames.size();
        try {
            Object value = evalPipeline(dot, branch.pipe());
            if (Values.truth(value)) {
                walk(branch.keyword().equals("with") ? value : dot, branch.list());
            } else if (branch.elseList() != null) {
                walk(dot, branch.elseList());
            }
        } finally {
            pop(mark);
        }
    }

    private void walkRange(Object dot, Node.Branch range) {
        current = range;
        int outer = varNames.size();
        try {
            Object value = Values.plain(evalPipeline(dot, range.pipe()));
            int mark = varNames.size();
            boolean iterated = switch (value) {
                case List<?> list when !list.isEmpty() -> {
                    for (int i = 0; i < list.size(); i++) {
                        if (!iteration(range, (long) i, Values.plain(list.get(i)), mark)) {
                            break;
                        }
                    }
                    yield true;
                }
                case Map<?, ?> map when !map.isEmpty() -> {
                    for (Object key : Values.sortedKeys(map)) {
                        if (!iteration(range, key, Values.plain(map.get(key)), mark)) {
                            break;
                        }
                    }
                    yield true;
                }
                case List<?> _, Map<?, ?> _, Values.Absent _ -> false;
                case null -> false;
                default -> {
                    if (!Values.isInteger(value)) {
                        throw error("range can't iterate over " + Printer.value(value));
                    }
                    if (range.pipe().decl().size() > 1) {
                        throw error("can't use " + value + " to iterate over more than one variable");
                    }
                    long n = Values.bigInteger(value).longValue();
                    for (long i = 0; i < n; i++) {
                        if (!iteration(range, i, i, mark)) {
                            break;
                        }
                    }
                    yield n > 0;
                }
            };
            if (!iterated && range.elseList() != null) {
                walk(dot, range.elseList());
            }
        } finally {
            pop(outer);
        }
    }

    /** One pass over the range body; false after {@code {{break}}}. */
    private boolean iteration(Node.Branch range, Object index, Object element, int mark) {
        Node.Pipe pipe = range.pipe();
        List<Node.Variable> decl = pipe.decl();
        if (!decl.isEmpty()) {
            if (pipe.assign()) {
                setVar(decl.getFirst().ident().getFirst(), decl.size() > 1 ? index : element);
            } else {
                varValues.set(varValues.size() - 1, element);
            }
        }
        if (decl.size() > 1) {
            if (pipe.assign()) {
                setVar(decl.get(1).ident().getFirst(), element);
            } else {
                varValues.set(varValues.size() - 2, index);
            }
        }
        try {
            walk(element, range.list());
            return true;
        } catch (LoopControl control) {
            return control != BREAK;
        } finally {
            pop(mark);
        }
    }

    private Object evalPipeline(Object dot, Node.Pipe pipe) {
        current = pipe;
        Object value = NONE;
        for (Node.Command cmd : pipe.cmds()) {
            value = evalCommand(dot, cmd, value);
        }
        for (Node.Variable variable : pipe.decl()) {
            if (pipe.assign()) {
                setVar(variable.ident().getFirst(), value);
            } else {
                push(variable.ident().getFirst(), value);
            }
        }
        return value;
    }

    private Object evalCommand(Object dot, Node.Command cmd, Object last) {
        Node first = cmd.args().getFirst();
        switch (first) {
            case Node.Field field -> {
                return evalFieldNode(dot, field, cmd.args(), last);
            }
            case Node.Chain chain -> {
                return evalChain(dot, chain, cmd.args(), last);
            }
            case Node.Ident ident -> {
                return evalFunction(dot, ident, cmd, cmd.args(), last);
            }
            case Node.Pipe pipe -> {
                notAFunction(cmd.args(), last);
                return evalPipeline(dot, pipe);
            }
            case Node.Variable variable -> {
                return evalVariable(dot, variable, cmd.args(), last);
            }
            default -> current = first;
        }
        notAFunction(cmd.args(), last);
        return switch (first) {
            case Node.Bool b -> b.value();
            case Node.Dot _ -> dot;
            case Node.Nil _ -> throw error("nil is not a command");
            case Node.Num n -> n.value();
            case Node.Str s -> s.text();
            default -> throw error("can't evaluate command " + Quoting.quote(first.toString(), false));
        };
    }

    private void notAFunction(List<Node> args, Object last) {
        if (args.size() > 1 || last != NONE) {
            throw error("can't give argument to non-function " + args.getFirst());
        }
    }

    private Object evalArg(Object dot, Node node) {
        current = node;
        return switch (node) {
            case Node.Dot _ -> dot;
            case Node.Nil _ -> null;
            case Node.Field field -> evalFieldNode(dot, field, List.of(node), NONE);
            case Node.Variable variable -> evalVariable(dot, variable, List.of(node), NONE);
            case Node.Pipe pipe -> evalPipeline(dot, pipe);
            case Node.Ident ident -> evalFunction(dot, ident, ident, List.of(node), NONE);
            case Node.Chain chain -> evalChain(dot, chain, List.of(node), NONE);
            case Node.Bool b -> b.value();
            case Node.Num n -> n.value();
            case Node.Str s -> s.text();
            default -> throw error("can't handle " + node + " for arg");
        };
    }

    private Object evalFieldNode(Object dot, Node.Field field, List<Node> args, Object last) {
        current = field;
        return evalFieldChain(dot, dot, field, field.ident(), args, last);
    }

    private Object evalChain(Object dot, Node.Chain chain, List<Node> args, Object last) {
        current = chain;
        if (chain.node() instanceof Node.Nil) {
            throw error("indirection through explicit nil in " + chain);
        }
        Object receiver = evalArg(dot, chain.node());
        return evalFieldChain(dot, receiver, chain, chain.fields(), args, last);
    }

    private Object evalVariable(Object dot, Node.Variable variable, List<Node> args, Object last) {
        current = variable;
        Object value = variableValue(variable.ident().getFirst());
        if (variable.ident().size() == 1) {
            notAFunction(args, last);
            return value;
        }
        List<String> fields = variable.ident().subList(1, variable.ident().size());
        return evalFieldChain(dot, value, variable, fields, args, last);
    }

    private Object evalFieldChain(Object dot, Object receiver, Node node, List<String> names, List<Node> args,
            Object last) {
        int n = names.size();
        for (int i = 0; i < n - 1; i++) {
            receiver = evalField(dot, names.get(i), node, List.of(node), NONE, receiver);
        }
        return evalField(dot, names.get(n - 1), node, args, last, receiver);
    }

    private Object evalField(Object dot, String name, Node node, List<Node> args, Object last, Object receiver) {
        receiver = Values.plain(receiver);
        if (receiver == Values.NO_VALUE) {
            if (missingKey == MissingKey.ERROR) {
                throw error("nil data; no entry for key " + Quoting.quote(name, false));
            }
            return Values.NO_VALUE;
        }
        if (receiver == null) {
            throw error("nil pointer evaluating interface {}." + name);
        }
        if (!(receiver instanceof Map<?, ?> map)) {
            throw error("can't evaluate field " + name + " in type " + Values.typeName(receiver));
        }
        Object value = map.get(name);
        boolean present = value != null || map.containsKey(name);
        if (value instanceof TemplateMethod method) {
            return callMethod(dot, method, name, node, args, last);
        }
        if (args.size() > 1 || last != NONE) {
            throw error(name + " is not a method but has arguments");
        }
        if (present) {
            return Values.plain(value);
        }
        return switch (missingKey) {
            case DEFAULT -> Values.NO_VALUE;
            case ZERO -> null;
            case ERROR -> throw error("map has no entry for key " + Quoting.quote(name, false));
        };
    }

    private Object callMethod(Object dot, TemplateMethod method, String name, Node node, List<Node> args,
            Object last) {
        List<Object> argv = new ArrayList<>();
        for (Node arg : args.subList(1, args.size())) {
            argv.add(Values.argument(evalArg(dot, arg)));
        }
        if (last != NONE) {
            argv.add(Values.argument(last));
        }
        try {
            return Values.plain(method.call(Collections.unmodifiableList(argv)));
        } catch (RuntimeException e) {
            current = node;
            throw error("error calling " + name + ": " + e.getMessage());
        }
    }

    private Object evalFunction(Object dot, Node.Ident ident, Node cmd, List<Node> args, Object last) {
        current = ident;
        String name = ident.name();
        Builtin function = functions.get(name);
        if (function == null) {
            throw error(Quoting.quote(name, false) + " is not a defined function");
        }
        List<Node> argNodes = args.subList(1, args.size());
        int numIn = argNodes.size() + (last != NONE ? 1 : 0);
        if (function.variadic() && numIn < function.arity()) {
            throw error("wrong number of args for " + name + ": want at least " + function.arity() + " got "
                    + argNodes.size());
        }
        if (!function.variadic() && numIn != function.arity()) {
            throw error("wrong number of args for " + name + ": want " + function.arity() + " got " + numIn);
        }
        if (name.equals("and") || name.equals("or")) {
            return andOr(dot, name.equals("or"), argNodes, last);
        }
        List<Object> argv = new ArrayList<>();
        for (Node arg : argNodes) {
            argv.add(evalArg(dot, arg));
        }
        if (last != NONE) {
            argv.add(last);
        }
        try {
            return Values.plain(function.body().call(new Args(argv)));
        } catch (Args.WrongType e) {
            current = e.index < argNodes.size() ? argNodes.get(e.index) : cmd;
            throw error(e.getMessage());
        } catch (Builtin.Failure | TemplateException e) {
            current = cmd;
            throw error("error calling " + name + ": " + e.getMessage());
        }
    }

    /** and/or short-circuit: the first falsy (and) or truthy (or) argument, else the last. */
    private Object andOr(Object dot, boolean or, List<Node> argNodes, Object last) {
        Object value = null;
        for (Node arg : argNodes) {
            value = evalArg(dot, arg);
            if (Values.truth(value) == or) {
                return value;
            }
        }
        return last != NONE ? last : value;
    }

    private void push(String name, Object value) {
        varNames.add(name);
        varValues.add(value);
    }

    private void pop(int mark) {
        varNames.subList(mark, varNames.size()).clear();
        varValues.subList(mark, varValues.size()).clear();
    }

    private void setVar(String name, Object value) {
        varValues.set(varNames.lastIndexOf(name), value);
    }

    private Object variableValue(String name) {
        int i = varNames.lastIndexOf(name);
        if (i < 0) {
            throw error("undefined variable: " + name);
        }
        return varValues.get(i);
    }

    /** Go's exec error: {@code template: :LINE:COL: executing "" at <NODE>: MESSAGE}. */
    private TemplateException error(String message) {
        if (current == null) {
            return new TemplateException("template: : " + message);
        }
        String before = source.substring(0, Math.min(current.pos(), source.length()));
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        int column = before.substring(before.lastIndexOf('\n') + 1).getBytes(StandardCharsets.UTF_8).length;
        String context = current.toString();
        if (context.codePointCount(0, context.length()) > 20) {
            context = context.substring(0, context.offsetByCodePoints(0, 20)) + "...";
        }
        return new TemplateException("template: :" + line + ":" + column + ": executing \"\" at <" + context + ">: "
                + message);
    }
}
