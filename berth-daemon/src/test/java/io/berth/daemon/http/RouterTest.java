package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.NotFoundException;
import io.berth.common.http.Headers;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Route ping = r -> Response.ok();
    private final Route inspectContainer = r -> Response.ok();
    private final Route startContainer = r -> Response.ok();
    private final Route inspectImage = r -> Response.ok();
    private final Route tagImage = r -> Response.ok();
    private final Route deleteImage = r -> Response.ok();
    private final Route listContainers = r -> Response.ok();

    private final Router router = Router.builder()
            .add("GET", "/_ping", ping)
            .add("GET", "/containers/json", listContainers)
            .add("GET", "/containers/{name}/json", inspectContainer)
            .add("POST", "/containers/{name}/start", startContainer)
            .add("GET", "/images/{name*}/json", inspectImage)
            .add("POST", "/images/{name*}/tag", tagImage)
            .add("DELETE", "/images/{name*}", deleteImage)
            .build();

    @Test
    void findsAFixedPath() {
        var request = request("GET", "/_ping");

        assertThat(router.find(request)).isSameAs(ping);
    }

    @Test
    void aTrailingSlashIsAllowed() {
        assertThat(router.find(request("GET", "/_ping/"))).isSameAs(ping);
    }

    @Test
    void aFixedSegmentWinsWhenRegisteredFirst() {
        assertThat(router.find(request("GET", "/containers/json"))).isSameAs(listContainers);
    }

    @Test
    void pathParametersAreCaptured() {
        var request = request("POST", "/containers/web/start");

        Route route = router.find(request);

        assertThat(route).isSameAs(startContainer);
        assertThat(request.pathParam("name")).isEqualTo("web");
    }

    @Test
    void aPlainParameterDoesNotSpanSlashes() {
        assertThatThrownBy(() -> router.find(request("GET", "/containers/a/b/json")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aGreedyParameterTakesImageNamesWithSlashesAndPorts() {
        var request = request("GET", "/images/localhost:5000/a/b:1/json");

        Route route = router.find(request);

        assertThat(route).isSameAs(inspectImage);
        assertThat(request.pathParam("name")).isEqualTo("localhost:5000/a/b:1");
    }

    @Test
    void aGreedyParameterAtTheEnd() {
        var request = request("DELETE", "/images/registry.example.com/team/app:1.0");

        assertThat(router.find(request)).isSameAs(deleteImage);
        assertThat(request.pathParam("name")).isEqualTo("registry.example.com/team/app:1.0");
    }

    @Test
    void aGreedyParameterBeforeAnotherSegment() {
        var request = request("POST", "/images/busybox/tag");

        assertThat(router.find(request)).isSameAs(tagImage);
        assertThat(request.pathParam("name")).isEqualTo("busybox");
    }

    @Test
    void headIsServedByTheGetRoute() {
        assertThat(router.find(request("HEAD", "/_ping"))).isSameAs(ping);
    }

    @Test
    void anUnknownPathIsPageNotFound() {
        assertThatThrownBy(() -> router.find(request("GET", "/nope")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("page not found");
    }

    @Test
    void aKnownPathWithAnotherMethodIsAlsoNotFound() {
        assertThatThrownBy(() -> router.find(request("POST", "/_ping")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("page not found");
        assertThat(router.findOptional(request("PUT", "/containers/web/json"))).isEmpty();
        assertThat(router.findOptional(request("GET", "/containers/web/json"))).containsSame(inspectContainer);
    }

    @Test
    void regexCharactersInTemplatesAreLiteral() {
        Route dotted = r -> Response.ok();
        var literal = Router.builder().add("GET", "/a.b/{x}", dotted).build();

        assertThat(literal.findOptional(request("GET", "/a.b/1"))).containsSame(dotted);
        assertThat(literal.findOptional(request("GET", "/aXb/1"))).isEmpty();
    }

    @Test
    void routeGroupsRegisterTheirRoutes() {
        Route grouped = r -> Response.ok();
        var withGroup = Router.builder().add(b -> b.add("GET", "/version", grouped)).build();

        assertThat(withGroup.find(request("GET", "/version"))).isSameAs(grouped);
    }

    @Test
    void askingForAParameterThatIsNotThereIsABug() {
        var request = request("GET", "/_ping");
        router.find(request);

        assertThatThrownBy(() -> request.pathParam("name")).isInstanceOf(IllegalStateException.class);
    }

    private static Request request(String method, String path) {
        return new Request(method, path, Map.of(), new Headers(), InputStream.nullInputStream(), ApiVersion.MAX, "1");
    }
}
