package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import io.berth.common.http.Headers;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTest {
    @ParameterizedTest(name = "\"{0}\" is true")
    @ValueSource(strings = {"1", "true", "True", "yes", "on", "anything", " 1 "})
    void queryBoolIsTrueForAnythingElse(String value) {
        assertThat(withQuery("all=" + value).queryBool("all")).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is false")
    @ValueSource(strings = {"", "0", "no", "NO", "false", "False", "none", " 0 "})
    void queryBoolIsFalseForDockersFalseWords(String value) {
        assertThat(withQuery("all=" + value).queryBool("all")).isFalse();
    }

    @Test
    void anAbsentBoolIsFalseOrTheGivenDefault() {
        Request request = withQuery("");

        assertThat(request.queryBool("all")).isFalse();
        assertThat(request.queryBool("stream", true)).isTrue();
        assertThat(withQuery("stream=0").queryBool("stream", true)).isFalse();
    }

    @Test
    void queryTakesTheFirstValueAndQueryAllEveryValue() {
        Request request = withQuery("t=a&t=b");

        assertThat(request.query("t")).hasValue("a");
        assertThat(request.queryAll("t")).containsExactly("a", "b");
        assertThat(request.query("x")).isEmpty();
        assertThat(request.queryAll("x")).isEmpty();
    }

    @Test
    void queryInt() {
        assertThat(withQuery("limit=5").queryInt("limit")).isEqualTo(OptionalInt.of(5));
        assertThat(withQuery("limit=").queryInt("limit")).isEmpty();
        assertThat(withQuery("").queryInt("limit")).isEmpty();
        assertThat(withQuery("t=-1").queryInt("t")).isEqualTo(OptionalInt.of(-1));
        assertThatThrownBy(() -> withQuery("limit=many").queryInt("limit"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid value for limit: many");
    }

    @Test
    void filtersInTheListForm() {
        Request request = withFilters("{\"status\":[\"exited\",\"created\"],\"label\":[\"a=b\"]}");

        assertThat(request.filters()).containsExactly(
                Map.entry("status", List.of("exited", "created")),
                Map.entry("label", List.of("a=b")));
    }

    @Test
    void filtersInTheMapForm() {
        Request request = withFilters("{\"status\":{\"exited\":true},\"name\":{\"web\":true,\"db\":true}}");

        assertThat(request.filters()).containsExactly(
                Map.entry("status", List.of("exited")),
                Map.entry("name", List.of("web", "db")));
    }

    @Test
    void filtersMapEntriesSetToFalseAreLeftOut() {
        Request request = withFilters("{\"status\":{\"exited\":false,\"running\":true}}");

        assertThat(request.filters()).containsExactly(Map.entry("status", List.of("running")));
    }

    @Test
    void aSingleStringValueIsAccepted() {
        assertThat(withFilters("{\"status\":\"exited\"}").filters())
                .containsExactly(Map.entry("status", List.of("exited")));
    }

    @Test
    void noOrBlankFiltersAreEmpty() {
        assertThat(withQuery("").filters()).isEmpty();
        assertThat(withQuery("filters=").filters()).isEmpty();
        assertThat(withFilters("{}").filters()).isEmpty();
    }

    @Test
    void filtersThatAreNotAnObjectAreInvalid() {
        assertThatThrownBy(() -> withFilters("[\"status\"]").filters())
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter: [\"status\"]");
        assertThatThrownBy(() -> withFilters("{not json").filters())
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid JSON");
    }

    record Body(String Name) {}

    @Test
    void jsonBodies() {
        Request request = withBody("{\"Name\":\"web\",\"Extra\":1}");

        Body body = request.json(Body.class);

        assertThat(body).isEqualTo(new Body("web"));
    }

    @Test
    void anEmptyJsonBodyIsInvalid() {
        assertThatThrownBy(() -> withBody("").json(Object.class))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid JSON: request body is empty");
        assertThatThrownBy(() -> withBody("").jsonTree())
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid JSON: request body is empty");
    }

    @Test
    void jsonTreeAndBodyBytes() {
        assertThat(withBody("{\"a\":[1]}").jsonTree().path("a").get(0).asInt()).isEqualTo(1);
        assertThat(withBody("raw").bodyBytes()).isEqualTo("raw".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void accessorsReturnWhatWasGiven() {
        var headers = new Headers().add("Host", "x");
        var request = new Request("POST", "/x", Map.of(), headers, InputStream.nullInputStream(),
                new ApiVersion(1, 41), "7");

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/x");
        assertThat(request.headers()).isSameAs(headers);
        assertThat(request.apiVersion()).isEqualTo(new ApiVersion(1, 41));
        assertThat(request.id()).isEqualTo("7");
    }

    private static Request withQuery(String query) {
        return new Request("GET", "/containers/json", PathCodec.query(query), new Headers(),
                InputStream.nullInputStream(), ApiVersion.MAX, "1");
    }

    private static Request withFilters(String json) {
        return new Request("GET", "/containers/json", Map.of("filters", List.of(json)), new Headers(),
                InputStream.nullInputStream(), ApiVersion.MAX, "1");
    }

    private static Request withBody(String body) {
        return new Request("POST", "/containers/create", Map.of(), new Headers(),
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ApiVersion.MAX, "1");
    }
}
