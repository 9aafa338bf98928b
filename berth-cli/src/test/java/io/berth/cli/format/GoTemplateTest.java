package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoTemplateTest {
    /** A trimmed `docker inspect` document, in the plain model Jackson produces. */
    private static final String INSPECT = """
            {
              "Id": "4fa6e0f0c678",
              "Name": "/web",
              "RestartCount": 0,
              "State": {"Status": "running", "Running": true, "ExitCode": 0, "Pid": 4242, "Health": null},
              "Config": {
                "Image": "nginx:1.27",
                "Env": ["PATH=/usr/bin", "TERM=xterm"],
                "Labels": {"com.docker.compose.project": "shop", "com.docker.compose.service": "web"},
                "Entrypoint": null,
                "Cmd": []
              },
              "Mounts": [
                {"Type": "volume", "Source": "/var/lib/data", "Destination": "/data"},
                {"Type": "bind", "Source": "/etc/app", "Destination": "/etc/app"}
              ],
              "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}},
              "Ratio": 0.5,
              "Memory": 3.0,
              "Big": 1000000.0
            }
            """;

    private static Object inspect() {
        return Json.mapper().convertValue(Json.read(INSPECT, JsonNode.class), Object.class);
    }

    private static String render(String template, Object data) {
        return GoTemplate.parse(template).execute(data);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    @Nested
    class TextAndActions {
        @Test
        void copiesPlainText() {
            String template = "no actions here\n";

            String out = render(template, null);

            assertThat(out).isEqualTo("no actions here\n");
        }

        @Test
        void printsDot() {
            String template = "<{{.}}>";

            String out = render(template, "hello");

            assertThat(out).isEqualTo("<hello>");
        }

        @Test
        void trimMarkersEatSurroundingWhitespace() {
            String template = "a  \n {{- .Name -}} \n\t b";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("a/webb");
        }

        @Test
        void minusWithoutSpaceIsANegativeNumber() {
            String template = "{{-3}}";

            String out = render(template, null);

            assertThat(out).isEqualTo("-3");
        }

        @Test
        void commentsPrintNothing() {
            String template = "a {{/* a comment */}} b {{- /* trimmed */ -}} c";

            String out = render(template, null);

            assertThat(out).isEqualTo("a  bc");
        }

        @Test
        void actionsMaySpanLines() {
            String template = "{{if\n  .State.Running\n}}up{{end}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("up");
        }
    }

    @Nested
    class Fields {
        @Test
        void followsNestedFields() {
            String template = "{{.State.Status}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("running");
        }

        @Test
        void missingKeyPrintsNoValue() {
            String template = "{{.Nope}}|{{.Nope.Deeper}}|{{.State.Nope}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("<no value>|<no value>|<no value>");
        }

        @Test
        void nullPrintsNil() {
            String template = "{{.State.Health}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("<nil>");
        }

        @Test
        void nilDataPrintsNoValue() {
            String template = "{{.}} {{.Foo}}";

            String out = render(template, null);

            assertThat(out).isEqualTo("<no value> <no value>");
        }

        @Test
        void dollarIsTheRootInsideRange() {
            String template = "{{range .Mounts}}{{$.Name}}:{{.Destination}} {{end}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("/web:/data /web:/etc/app ");
        }

        @Test
        void fieldsOfAJsonNodeTree() {
            JsonNode tree = Json.read(INSPECT, JsonNode.class);

            String out = render("{{.Config.Image}} {{.State.Pid}} {{len .Mounts}}", tree);

            assertThat(out).isEqualTo("nginx:1.27 4242 2");
        }

        @Test
        void fieldsOfARecord() {
            record Port(String hostIp, int hostPort) {}
            record Container(String name, List<Port> ports) {}
            Container container = new Container("web", List.of(new Port("0.0.0.0", 8080)));

            String out = render("{{.name}} {{range .ports}}{{.hostIp}}:{{.hostPort}}{{end}}", container);

            assertThat(out).isEqualTo("web 0.0.0.0:8080");
        }

        @Test
        void optionMissingKeyErrorStopsAtAMissingKey() {
            GoTemplate template = GoTemplate.parse("{{.State.Nope.Status}}").option("missingkey=error");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:8: executing \"\" at <.State.Nope.Status>: map has no entry for key \"Nope\"");
        }

        @Test
        void optionMissingKeyZeroGivesNil() {
            GoTemplate template = GoTemplate.parse("{{.Nope}}").option("missingkey=zero");

            String out = template.execute(inspect());

            assertThat(out).isEqualTo("<nil>");
        }
    }

    @Nested
    class Variables {
        @Test
        void declaresAndReadsAVariable() {
            String template = "{{$name := .Name}}[{{$name}}]";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("[/web]");
        }

        @Test
        void readsFieldsOfAVariable() {
            String template = "{{$c := .Config}}{{$c.Image}} {{$.Config.Image}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("nginx:1.27 nginx:1.27");
        }

        @Test
        void assignmentChangesTheOuterVariable() {
            String template = "{{$x := 1}}{{if true}}{{$x = 2}}{{$y := 3}}{{end}}{{$x}}";

            String out = render(template, null);

            assertThat(out).isEqualTo("2");
        }

        @Test
        void variablesDeclaredInsideIfDoNotEscape() {
            String template = "{{if true}}{{$y := 3}}{{end}}{{$y}}";

            assertThatThrownBy(() -> GoTemplate.parse(template))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1: undefined variable \"$y\"");
        }
    }

    @Nested
    class Pipelines {
        @Test
        void pipesIntoTheLastArgument() {
            String template = "{{.Config.Env | json}} {{\"x\" | printf \"%s-%s\" \"a\"}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("[\"PATH=/usr/bin\",\"TERM=xterm\"] a-x");
        }

        @Test
        void pipesThroughSeveralCommands() {
            String template = "{{.Config.Image | upper | printf \"%q\"}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("\"NGINX:1.27\"");
        }

        @Test
        void parenthesisedPipelineAsReceiver() {
            String template = "{{(index .Mounts 1).Destination}} {{(index .NetworkSettings.Ports \"80/tcp\" 0).HostPort}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("/etc/app 8080");
        }

        @Test
        void joinTakesTheListFirstSoPipingTheListIntoJoinFailsAsInGo() {
            GoTemplate template = GoTemplate.parse("{{.Config.Env | join \",\"}}");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessageContaining("wrong type for value; expected []string; got string");
        }
    }

    @Nested
    class Control {
        @Test
        void ifElseIfElse() {
            GoTemplate template = GoTemplate.parse(
                    "{{if eq .State \"running\"}}up{{else if eq .State \"paused\"}}paused{{else}}down{{end}}");

            List<String> out = Stream.of("running", "paused", "exited")
                    .map(state -> template.execute(map("State", state))).toList();

            assertThat(out).containsExactly("up", "paused", "down");
        }

        @Test
        void ifUsesGoTruthiness() {
            String template = "{{if .}}T{{else}}F{{end}}";

            List<String> out = Stream.of("", "x", 0, 1, 0.0, false, true, List.of(), List.of(1), Map.of(),
                    Map.of("a", 1)).map(v -> render(template, v)).toList();

            assertThat(out).containsExactly("F", "T", "F", "T", "F", "F", "T", "F", "T", "F", "T");
        }

        @Test
        void withRebindsDotAndHasElse() {
            String template = "{{with .State}}{{.Status}}{{end}}|{{with .State.Health}}{{.Status}}{{else}}none{{end}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("running|none");
        }

        @Test
        void withElseWith() {
            GoTemplate template = GoTemplate.parse("{{with .A}}a={{.}}{{else with .B}}b={{.}}{{else}}neither{{end}}");

            List<String> out = Stream.of(map("A", "1", "B", "2"), map("B", "2"), map())
                    .map(template::execute).toList();

            assertThat(out).containsExactly("a=1", "b=2", "neither");
        }

        @Test
        void rangeOverAList() {
            String template = "{{range .Mounts}}{{.Destination}} {{end}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("/data /etc/app ");
        }

        @Test
        void rangeWithIndexAndElement() {
            String template = "{{range $i, $e := .Config.Env}}{{$i}}={{$e}};{{end}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("0=PATH=/usr/bin;1=TERM=xterm;");
        }

        @Test
        void rangeOverAMapGoesInSortedKeyOrder() {
            Map<String, Object> labels = new java.util.LinkedHashMap<>();
            labels.put("zeta", "1");
            labels.put("alpha", "2");
            labels.put("mid", "3");

            String out = render("{{range $k, $v := .}}{{$k}}={{$v}} {{end}}|{{range .}}{{.}}{{end}}", labels);

            assertThat(out).isEqualTo("alpha=2 mid=3 zeta=1 |231");
        }

        @Test
        void rangeElseRunsForEmptyOrMissing() {
            String template = "{{range .Config.Cmd}}x{{else}}empty{{end}} {{range .Nope}}x{{else}}missing{{end}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("empty missing");
        }

        @Test
        void rangeOverAnInteger() {
            String template = "{{range 3}}{{.}}{{end}}";

            String out = render(template, null);

            assertThat(out).isEqualTo("012");
        }

        @Test
        void breakAndContinue() {
            String template = "{{range .}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}";

            String out = render(template, List.of(1, 2, 3, 4, 5));

            assertThat(out).isEqualTo("13");
        }

        @Test
        void rangeOverAStringFails() {
            GoTemplate template = GoTemplate.parse("{{range .Name}}{{end}}");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:8: executing \"\" at <.Name>: range can't iterate over /web");
        }
    }

    @Nested
    class Literals {
        static Stream<Arguments> literals() {
            return Stream.of(
                    arguments("{{\"tab\\there\"}}", "tab\there"),
                    arguments("{{\"\\u00e9\\x41\\101\\\"\"}}", "éAA\""),
                    arguments("{{`raw \\n stays`}}", "raw \\n stays"),
                    arguments("{{42}} {{-7}} {{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}}", "42 -7 31 15 15 5 1000"),
                    arguments("{{1.5}} {{1.0}} {{1e3}} {{.5}} {{1e6}}", "1.5 1 1000 0.5 1e+06"),
                    arguments("{{'a'}} {{'\\n'}}", "97 10"),
                    arguments("{{true}} {{false}}", "true false"),
                    arguments("{{print nil}}", "<nil>"));
        }

        @ParameterizedTest
        @MethodSource("literals")
        void evaluatesLiterals(String template, String expected) {
            String out = render(template, null);

            assertThat(out).isEqualTo(expected);
        }
    }

    @Nested
    class Printing {
        static Stream<Arguments> values() {
            return Stream.of(
                    arguments("text", "text"),
                    arguments(42, "42"),
                    arguments(9_000_000_000L, "9000000000"),
                    arguments(new java.math.BigInteger("123456789012345678901234"), "123456789012345678901234"),
                    arguments(3.0, "3"),
                    arguments(0.5, "0.5"),
                    arguments(-2.25, "-2.25"),
                    arguments(1_000_000.0, "1e+06"),
                    arguments(123456.0, "123456"),
                    arguments(1_234_567.0, "1.234567e+06"),
                    arguments(0.0001, "0.0001"),
                    arguments(0.00001, "1e-05"),
                    arguments(1e21, "1e+21"),
                    arguments(0.1 + 0.2, "0.30000000000000004"),
                    arguments(Double.POSITIVE_INFINITY, "+Inf"),
                    arguments(Double.NaN, "NaN"),
                    arguments(true, "true"),
                    arguments(List.of("a", "b", "c"), "[a b c]"),
                    arguments(List.of(), "[]"),
                    arguments(java.util.Arrays.asList("a", null, 1), "[a <nil> 1]"),
                    arguments(Map.of("b", 2, "a", List.of(1, 2)), "map[a:[1 2] b:2]"),
                    arguments(Map.of(), "map[]"));
        }

        @ParameterizedTest
        @MethodSource("values")
        void printsValuesAsGoPercentV(Object value, String expected) {
            Map<String, Object> data = map("V", value);

            String out = render("{{.V}}", data);

            assertThat(out).isEqualTo(expected);
        }

        @Test
        void printsInspectDocumentParts() {
            String template = "{{.Config.Env}} {{.Config.Labels}} {{.Memory}} {{.Big}} {{.Ratio}} {{.Config.Entrypoint}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("[PATH=/usr/bin TERM=xterm] "
                    + "map[com.docker.compose.project:shop com.docker.compose.service:web] 3 1e+06 0.5 <nil>");
        }
    }

    @Nested
    class GoBuiltins {
        static Stream<Arguments> calls() {
            return Stream.of(
                    arguments("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" \"x\"}} {{or 0 \"\"}}", "0 2 x "),
                    arguments("{{not 0}} {{not \"a\"}}", "true false"),
                    arguments("{{len .Name}} {{len .Mounts}} {{len .Config.Labels}} {{len \"héllo\"}}", "4 2 2 6"),
                    arguments("{{index .Config.Labels \"com.docker.compose.project\"}}", "shop"),
                    arguments("[{{index .Config.Labels \"missing\"}}]", "[]"),
                    arguments("{{index .NetworkSettings.Ports \"80/tcp\" 0 \"HostPort\"}}", "8080"),
                    arguments("{{index .Config.Env 1}} {{index \"abc\" 1}}", "TERM=xterm 98"),
                    arguments("{{slice \"abcdef\" 1 3}} {{slice \"abcdef\" 4}} {{slice .Config.Env 1}}", "bc ef [TERM=xterm]"),
                    arguments("{{print \"a\" 1 2 \"b\" true}}", "a1 2btrue"),
                    arguments("{{println \"a\" 1}}", "a 1\n"),
                    arguments("{{eq .State.Status \"running\"}} {{eq 1 2 3 1}} {{eq 1 2 3}}", "true true false"),
                    arguments("{{eq .State.ExitCode 0}} {{eq .Memory 3}} {{eq .Nope \"x\"}} {{eq .Nope nil}}", "true true false true"),
                    arguments("{{ne 1 2}} {{ne \"a\" \"a\"}}", "true false"),
                    arguments("{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 2 2}} {{lt \"a\" \"b\"}} {{lt 1.5 2}}", "true true false true true true"),
                    arguments("{{html \"<a href='x'>&\"}}", "&lt;a href=&#39;x&#39;&gt;&amp;"),
                    arguments("{{urlquery \"a b&c=d/é~\"}}", "a+b%26c%3Dd%2F%C3%A9~"),
                    arguments("{{js \"it's <b>\"}}", "it\\'s \\u003Cb\\u003E"),
                    arguments("{{call .Label \"x\"}}", "label x"));
        }

        @ParameterizedTest
        @MethodSource("calls")
        void callsGoBuiltins(String template, String expected) {
            Map<String, Object> data = new HashMap<>(castMap(inspect()));
            data.put("Label", (TemplateMethod) args -> {
                TemplateMethod inner = more -> "label " + more.getFirst();
                return inner;
            });

            String out = render(template, data);

            assertThat(out).isEqualTo(expected);
        }

        @Test
        void andOrShortCircuit() {
            Map<String, Object> data = map("Boom", (TemplateMethod) args -> {
                throw new IllegalStateException("evaluated");
            });

            String out = render("{{and false .Boom}} {{or true .Boom}}", data);

            assertThat(out).isEqualTo("false true");
        }

        @Test
        void comparingAStringWithANumberFails() {
            GoTemplate template = GoTemplate.parse("{{eq .Name 1}}");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:2: executing \"\" at <eq .Name 1>: error calling eq: incompatible types for comparison");
        }

        @Test
        void orderingBooleansFails() {
            GoTemplate template = GoTemplate.parse("{{lt true false}}");

            assertThatThrownBy(() -> template.execute(null))
                    .isInstanceOf(TemplateException.class)
                    .hasMessageEndingWith("error calling lt: invalid type for comparison");
        }

        @Test
        void indexOutOfRange() {
            GoTemplate template = GoTemplate.parse("{{index .Mounts 5}}");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:2: executing \"\" at <index .Mounts 5>: error calling index: index out of range: 5");
        }

        @Test
        void wrongNumberOfArguments() {
            GoTemplate template = GoTemplate.parse("{{not}}");

            assertThatThrownBy(() -> template.execute(null))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:2: executing \"\" at <not>: wrong number of args for not: want 1 got 0");
        }

        @Test
        void lenOfANumberFails() {
            GoTemplate template = GoTemplate.parse("{{len .State.Pid}}");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:2: executing \"\" at <len .State.Pid>: error calling len: len of type int");
        }
    }

    @Nested
    class Printf {
        static Stream<Arguments> formats() {
            return Stream.of(
                    arguments("%-10s|", "web", "web       |"),
                    arguments("%10s|", "web", "       web|"),
                    arguments("%.2s", "web", "we"),
                    arguments("%5d|", 42, "   42|"),
                    arguments("%-5d|", 42, "42   |"),
                    arguments("%05d", -42, "-0042"),
                    arguments("%+d", 5, "+5"),
                    arguments("%[1]x %[1]X %#[1]x %[1]o %[1]b %#[1]o", 255, "ff FF 0xff 377 11111111 0377"),
                    arguments("%[1]c %[1]q %[1]U %#[1]U", 65, "A 'A' U+0041 U+0041 'A'"),
                    arguments("%v %[1]d %[1]T", 7, "7 7 int"),
                    arguments("%q", "a\"b\n", "\"a\\\"b\\n\""),
                    arguments("%x", "hi", "6869"),
                    arguments("%t", true, "true"),
                    arguments("%f", 3.14159, "3.141590"),
                    arguments("%.2f", 3.14159, "3.14"),
                    arguments("%8.3f|", 3.14159, "   3.142|"),
                    arguments("%-8.1f|", 2.25, "2.2     |"),
                    arguments("%.2f", 1.005, "1.00"),
                    arguments("%e", 1234.5678, "1.234568e+03"),
                    arguments("%E", 0.000123, "1.230000E-04"),
                    arguments("%g %[1]v %[1]T", 100000.0, "100000 100000 float64"),
                    arguments("%g", 0.000012345, "1.2345e-05"),
                    arguments("%.3g", 3.14159, "3.14"),
                    arguments("%v", 1e6, "1e+06"),
                    arguments("%06.2f", -1.5, "-01.50"),
                    arguments("%d", "abc", "%!d(string=abc)"),
                    arguments("%s", 5, "%!s(int=5)"),
                    arguments("%z", 5, "%!z(int=5)"),
                    arguments("%s %s", "a", "a %!s(MISSING)"),
                    arguments("%s", null, "%!s(<nil>)"),
                    arguments("%v", null, "<nil>"),
                    arguments("100%%", "x", "100%%!(EXTRA string=x)"),
                    arguments("%", 1, "%!(NOVERB)%!(EXTRA int=1)"),
                    arguments("%s", List.of("a", "b"), "[a b]"),
                    arguments("%d", List.of(1, 2), "[1 2]"),
                    arguments("%s", List.of(1), "[%!s(int=1)]"),
                    arguments("%v", Map.of("k", "v"), "map[k:v]"),
                    arguments("%T %T", "s", "string %!T(MISSING)"));
        }

        @ParameterizedTest
        @MethodSource("formats")
        void formatsLikeGoFmt(String format, Object value, String expected) {
            Map<String, Object> data = map("F", format, "V", value);

            String out = render("{{printf .F .V}}", data);

            assertThat(out).isEqualTo(expected);
        }

        @Test
        void supportsStarWidthAndArgumentIndexes() {
            String template = "{{printf \"%*d|%-*s|%[1]d|%[5]d\" 5 42 3 \"x\"}}";

            String out = render(template, null);

            assertThat(out).isEqualTo("   42|x  |5|%!d(BADINDEX)");
        }

        @Test
        void padsANameInAFixedWidth() {
            String template = "{{printf \"%-10s|\" .Name}}";

            String out = render(template, map("Name", "web"));

            assertThat(out).isEqualTo("web       |");
        }
    }

    @Nested
    class DockerFunctions {
        @Test
        void jsonSortsKeysAndKeepsHtmlCharacters() {
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("z", "<a&b>");
            data.put("a", java.util.Arrays.asList(1, 2.5, 3.0, null, true));
            data.put("m", Map.of());
            data.put("s", "tab\t\"q\"\\ \u0001 é \u2028");

            String out = render("{{json .}}", data);

            assertThat(out).isEqualTo(
                    "{\"a\":[1,2.5,3,null,true],\"m\":{},\"s\":\"tab\\t\\\"q\\\"\\\\ \\u0001 é \\u2028\",\"z\":\"<a&b>\"}");
        }

        @Test
        void jsonOfInspectParts() {
            String template = "{{json .Config.Labels}} {{json .Config.Entrypoint}} {{json .Nope}} {{json .Big}} {{json 1e21}} {{json 1e-7}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo(
                    "{\"com.docker.compose.project\":\"shop\",\"com.docker.compose.service\":\"web\"} null null 1000000 1e+21 1e-7");
        }

        @Test
        void jsonLeavesOutMethods() {
            Map<String, Object> data = map("ID", "abc", "Label", (TemplateMethod) args -> "x");

            String out = render("{{json .}}", data);

            assertThat(out).isEqualTo("{\"ID\":\"abc\"}");
        }

        @Test
        void joinAndSplit() {
            String template = "{{join .Config.Env \",\"}} {{split .Config.Image \":\"}} {{index (split .Config.Image \":\") 1}} {{split \"\" \",\"}} {{len (split \"abc\" \"\")}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("PATH=/usr/bin,TERM=xterm [nginx 1.27] 1.27 [] 3");
        }

        @Test
        void caseFunctions() {
            String template = "{{title \"hello wide-world foo_bar\"}} {{lower \"MiXeD\"}} {{upper .State.Status}}";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("Hello Wide-World Foo_bar mixed RUNNING");
        }

        @Test
        void padAndTruncate() {
            String template = "[{{pad .State.Status 2 1}}][{{pad \"\" 2 2}}][{{truncate .Id 4}}][{{truncate \"ab\" 5}}][{{truncate \"héllo\" 2}}]";

            String out = render(template, inspect());

            assertThat(out).isEqualTo("[  running ][][4fa6][ab][hé]");
        }
    }

    @Nested
    class Methods {
        private final Map<String, Object> container = map(
                "ID", "abc",
                "Labels", Map.of("a", "1", "b", "2"),
                "Label", (TemplateMethod) args -> "label:" + args,
                "Size", (TemplateMethod) args -> args.isEmpty() ? "10MB" : "unexpected");

        @Test
        void callsAMethodWithItsArguments() {
            String template = "{{.Label \"a\"}} {{.Label \"a\" 2}}";

            String out = render(template, container);

            assertThat(out).isEqualTo("label:[a] label:[a, 2]");
        }

        @Test
        void callsAMethodWithoutArguments() {
            String template = "{{.Size}} {{if .Size}}sized{{end}}";

            String out = render(template, container);

            assertThat(out).isEqualTo("10MB sized");
        }

        @Test
        void pipelineValueIsTheLastArgument() {
            String template = "{{\"b\" | .Label \"a\"}}";

            String out = render(template, container);

            assertThat(out).isEqualTo("label:[a, b]");
        }

        @Test
        void methodResultsCanBeChained() {
            Map<String, Object> data = map("State", (TemplateMethod) args -> Map.of("Status", "up"));

            String out = render("{{.State.Status}}", data);

            assertThat(out).isEqualTo("up");
        }

        @Test
        void failingMethodReportsErrorCalling() {
            Map<String, Object> data = map("Label", (TemplateMethod) args -> {
                throw new IllegalArgumentException("no such label");
            });
            GoTemplate template = GoTemplate.parse("{{.Label \"x\"}}");

            assertThatThrownBy(() -> template.execute(data))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:2: executing \"\" at <.Label>: error calling Label: no such label");
        }

        @Test
        void argumentsToAPlainFieldFail() {
            GoTemplate template = GoTemplate.parse("{{.ID \"x\"}}");

            assertThatThrownBy(() -> template.execute(container))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:2: executing \"\" at <.ID>: ID is not a method but has arguments");
        }
    }

    @Nested
    class ParseErrors {
        static Stream<Arguments> broken() {
            return Stream.of(
                    arguments("{{foo}}", "template: :1: function \"foo\" not defined"),
                    arguments("{{.Foo }", "template: :1: unexpected \"}\" in operand"),
                    arguments("{{.Foo}", "template: :1: bad character U+007D '}'"),
                    arguments("{{.Foo", "template: :1: unclosed action"),
                    arguments("{{if}}{{end}}", "template: :1: missing value for if"),
                    arguments("{{}}", "template: :1: missing value for command"),
                    arguments("{{if .A}}x", "template: :1: unexpected EOF"),
                    arguments("{{end}}", "template: :1: unexpected {{end}}"),
                    arguments("{{else}}", "template: :1: unexpected {{else}}"),
                    arguments("{{range .A}}{{else}}{{else}}{{end}}", "template: :1: expected end; found {{else}}"),
                    arguments("{{$x}}", "template: :1: undefined variable \"$x\""),
                    arguments("{{break}}", "template: :1: {{break}} outside {{range}}"),
                    arguments("{{\"abc}}", "template: :1: unterminated quoted string"),
                    arguments("{{`abc}}", "template: :1: unterminated raw quoted string"),
                    arguments("{{\"\\q\"}}", "template: :1: invalid syntax"),
                    arguments("{{/* never closed", "template: :1: unclosed comment"),
                    arguments("{{/* x */ }}", "template: :1: comment ends before closing delimiter"),
                    arguments("{{(.A}}", "template: :1: unclosed left paren"),
                    arguments("{{.A | \"x\"}}", "template: :1: non executable command in pipeline stage 2"),
                    arguments("{{3x}}", "template: :1: bad number syntax: \"3x\""),
                    arguments("{{\"a\".B}}", "template: :1: unexpected . after term \"\\\"a\\\"\""),
                    arguments("{{.A @}}", "template: :1: unexpected \"@\" in operand"),
                    arguments("{{end x}}", "template: :1: unexpected \"x\" in end"),
                    arguments("{{range $i, $e, $f := .}}{{end}}", "template: :1: too many declarations in range"),
                    arguments("{{define \"x\"}}{{end}}", "template: :1: {{define}} is not supported"),
                    arguments("line one\nline two\n{{nope}}", "template: :3: function \"nope\" not defined"),
                    arguments("{{if\n.A", "template: :2: unclosed action started at :1"));
        }

        @ParameterizedTest
        @MethodSource("broken")
        void reportsGoWording(String template, String message) {
            assertThatThrownBy(() -> GoTemplate.parse(template))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage(message);
        }
    }

    @Nested
    class ExecErrors {
        @Test
        void fieldOfAString() {
            GoTemplate template = GoTemplate.parse("{{.Foo.Bar}}");

            assertThatThrownBy(() -> template.execute(map("Foo", "text")))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:6: executing \"\" at <.Foo.Bar>: can't evaluate field Bar in type string");
        }

        @Test
        void fieldOfAListOnALaterLine() {
            GoTemplate template = GoTemplate.parse("first\n  {{.Mounts.Type}}");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :2:11: executing \"\" at <.Mounts.Type>: can't evaluate field Type in type []interface {}");
        }

        @Test
        void fieldOfNil() {
            GoTemplate template = GoTemplate.parse("{{.State.Health.Status}}");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:8: executing \"\" at <.State.Health.Status>: nil pointer evaluating interface {}.Status");
        }

        @Test
        void longContextIsCut() {
            GoTemplate template = GoTemplate.parse("{{.Config.Labels.Something.Deeper}}");

            assertThatThrownBy(() -> template.execute(Map.of("Config", Map.of("Labels", Map.of("Something", 1)))))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:9: executing \"\" at <.Config.Labels.Somet...>: can't evaluate field Deeper in type int");
        }

        @Test
        void wrongArgumentType() {
            GoTemplate template = GoTemplate.parse("{{upper .State.Pid}}");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:14: executing \"\" at <.State.Pid>: wrong type for value; expected string; got int");
        }

        @Test
        void missingValueAsTypedArgument() {
            GoTemplate template = GoTemplate.parse("{{upper .Nope}}");

            assertThatThrownBy(() -> template.execute(inspect()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:8: executing \"\" at <.Nope>: invalid value; expected string");
        }

        @Test
        void nilIsNotACommand() {
            GoTemplate template = GoTemplate.parse("{{nil}}");

            assertThatThrownBy(() -> template.execute(null))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:2: executing \"\" at <nil>: nil is not a command");
        }

        @Test
        void argumentsToANonFunction() {
            GoTemplate template = GoTemplate.parse("{{$x := 1}}{{$x 2}}");

            assertThatThrownBy(() -> template.execute(null))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("template: :1:13: executing \"\" at <$x>: can't give argument to non-function $x");
        }

        @Test
        void unknownOptionIsRejected() {
            GoTemplate template = GoTemplate.parse("x");

            assertThatThrownBy(() -> template.option("missingkey=loud"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void executesManyTimesWithDifferentData() {
        GoTemplate template = GoTemplate.parse("{{.Name}}");
        List<String> out = new ArrayList<>();

        for (String name : List.of("a", "b")) {
            out.add(template.execute(Map.of("Name", name)));
        }

        assertThat(out).containsExactly("a", "b");
        assertThat(template).hasToString("{{.Name}}");
    }
}
