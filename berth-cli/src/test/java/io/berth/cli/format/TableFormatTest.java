package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableFormatTest {
    private static final Map<String, String> PS_HEADERS = psHeaders();

    private static Map<String, String> psHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ID", "CONTAINER ID");
        headers.put("Image", "IMAGE");
        headers.put("Command", "COMMAND");
        headers.put("RunningFor", "CREATED");
        headers.put("Status", "STATUS");
        headers.put("Ports", "PORTS");
        headers.put("Names", "NAMES");
        headers.put("Label", "LABEL");
        return headers;
    }

    private static Map<String, Object> row(String id, String names) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ID", id);
        row.put("Image", "nginx:latest");
        row.put("Command", "\"/docker-entrypoint.…\"");
        row.put("RunningFor", "2 minutes ago");
        row.put("Status", "Up 2 minutes");
        row.put("Ports", "80/tcp");
        row.put("Names", names);
        row.put("Labels", Map.of("com.docker.compose.project", "shop"));
        row.put("Label", (TemplateMethod) args -> "com.docker.compose.project".equals(args.getFirst()) ? "shop" : "");
        return row;
    }

    private static final String DOCKER_PS = "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}";

    @Test
    void tableWithoutRowsPrintsTheHeader() {
        TableFormat format = TableFormat.of(DOCKER_PS, PS_HEADERS);

        String out = format.render(List.of());

        assertThat(out).isEqualTo("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n");
    }

    @Test
    void tableAlignsHeaderAndRows() {
        TableFormat format = TableFormat.of(DOCKER_PS, PS_HEADERS);

        String out = format.render(List.of(row("a1b2c3d4e5f6", "web")));

        assertThat(out).isEqualTo("""
                CONTAINER ID   IMAGE          COMMAND                  CREATED         STATUS         PORTS     NAMES
                a1b2c3d4e5f6   nginx:latest   "/docker-entrypoint.…"   2 minutes ago   Up 2 minutes   80/tcp    web
                """);
    }

    @Test
    void tableWithTwoRows() {
        TableFormat format = TableFormat.of("table {{.ID}}\\t{{.Names}}", PS_HEADERS);

        String out = format.render(List.of(row("abc123", "web"), row("def456789012", "db")));

        assertThat(out).isEqualTo("CONTAINER ID   NAMES\nabc123         web\ndef456789012   db\n");
    }

    @Test
    void realTabsWorkToo() {
        TableFormat format = TableFormat.of("table {{.ID}}\t{{.Names}}", PS_HEADERS);

        String out = format.render(List.of(row("abc123", "web")));

        assertThat(out).isEqualTo("CONTAINER ID   NAMES\nabc123         web\n");
    }

    @Test
    void fieldsWithoutATitleUseTheirNameInUpperCase() {
        TableFormat format = TableFormat.of("table {{.ID}}\\t{{.Size}}", PS_HEADERS);

        String out = format.render(List.of(Map.of("ID", "abc", "Size", "1.2MB")));

        assertThat(out).isEqualTo("CONTAINER ID   SIZE\nabc            1.2MB\n");
    }

    @Test
    void methodsWithArgumentsGetTheirTitle() {
        TableFormat format = TableFormat.of("table {{.Names}}\\t{{.Label \"com.docker.compose.project\"}}", PS_HEADERS);

        String out = format.render(List.of(row("abc", "web")));

        assertThat(out).isEqualTo("NAMES     LABEL\nweb       shop\n");
    }

    @Test
    void headerFunctionsLeaveTitlesAlone() {
        String template = "table {{upper .Names}}\\t{{truncate .ID 3}}\\t{{json .Labels}}\\t{{pad .Status 1 1}}|";
        TableFormat format = TableFormat.of(template, PS_HEADERS);

        String out = format.render(List.of(row("abcdef", "web")));

        assertThat(out).isEqualTo("""
                NAMES     CONTAINER ID   LABELS                                   STATUS |
                WEB       abc            {"com.docker.compose.project":"shop"}    Up 2 minutes |
                """);
    }

    @Test
    void headerErrorKeepsWhatWasWritten() {
        TableFormat format = TableFormat.of("table {{.ID}}\\t{{range .Ports}}{{.}} {{end}}", PS_HEADERS);

        String out = format.render(List.of(Map.of("ID", "abc", "Ports", List.of("80/tcp", "443/tcp"))));

        assertThat(out).isEqualTo("CONTAINER ID   \nabc            80/tcp 443/tcp \n");
    }

    @Test
    void tableAloneUsesTheHeaderFields() {
        TableFormat format = TableFormat.of("table", Map.of("Name", "NAME"));

        String out = format.render(List.of(Map.of("Name", "vol1")));

        assertThat(out).isEqualTo("NAME\nvol1\n");
    }

    @Test
    void plainFormatPrintsOneLinePerItemWithoutAlignment() {
        TableFormat format = TableFormat.of("{{.ID}}\\t{{.Names}}", PS_HEADERS);

        String out = format.render(List.of(row("abc123", "web"), row("def", "db")));

        assertThat(out).isEqualTo("abc123\tweb\ndef\tdb\n");
    }

    @Test
    void plainFormatIsTrimmedOfSpaces() {
        TableFormat format = TableFormat.of("  {{.ID}}: {{.Names}}  ", PS_HEADERS);

        String out = format.render(List.of(row("abc", "web")));

        assertThat(out).isEqualTo("abc: web\n");
    }

    @Test
    void plainFormatWithoutItemsPrintsNothing() {
        TableFormat format = TableFormat.of("{{.ID}}", PS_HEADERS);

        String out = format.render(List.of());

        assertThat(out).isEmpty();
    }

    @Test
    void jsonFormatPrintsOneObjectPerLine() {
        TableFormat format = TableFormat.of(" json ", PS_HEADERS);

        String out = format.render(List.of(Map.of("ID", "abc", "Names", "web"), Map.of("ID", "def", "Names", "db")));

        assertThat(out).isEqualTo("{\"ID\":\"abc\",\"Names\":\"web\"}\n{\"ID\":\"def\",\"Names\":\"db\"}\n");
        assertThat(format.isJson()).isTrue();
        assertThat(format.isTable()).isFalse();
    }

    @Test
    void rowErrorsPropagate() {
        TableFormat format = TableFormat.of("table {{.ID.Bar}}", PS_HEADERS);

        assertThatThrownBy(() -> format.render(List.of(Map.of("ID", "abc"))))
                .isInstanceOf(TemplateException.class)
                .hasMessage("template: :1:5: executing \"\" at <.ID.Bar>: can't evaluate field Bar in type string");
    }

    @Test
    void escapeReplacementBreaksNewlinesInStringsAsInDocker() {
        TableFormat format = TableFormat.of("{{printf \"%s\\n\" .ID}}", PS_HEADERS);

        assertThatThrownBy(() -> format.render(List.of(Map.of("ID", "abc"))))
                .isInstanceOf(TemplateException.class)
                .hasMessage("template: :1: unterminated quoted string");
    }

    @Test
    void renderOneFormatsASingleObject() {
        Map<String, Object> container = Map.of("State", Map.of("Status", "running"), "Name", "/web");
        TableFormat format = TableFormat.of("{{.State.Status}}", Map.of());

        String out = format.renderOne(container);

        assertThat(out).isEqualTo("running\n");
    }

    @Test
    void renderOneTakesTheTemplateAsGiven() {
        TableFormat format = TableFormat.of("{{.Name}}\\t{{printf \"%s\\n\" .Name}}", Map.of());

        String out = format.renderOne(Map.of("Name", "web"));

        assertThat(out).isEqualTo("web\\tweb\n\n");
    }

    @Test
    void renderOneWithJson() {
        TableFormat format = TableFormat.of("json", Map.of());

        String out = format.renderOne(Map.of("Name", "web", "Ports", List.of(80)));

        assertThat(out).isEqualTo("{\"Name\":\"web\",\"Ports\":[80]}\n");
    }
}
