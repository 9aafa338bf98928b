package io.berth.cli.command.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.common.Json;
import org.junit.jupiter.api.Test;

/** {@code image tree}: shared layers drawn once, sizes cumulative or incremental. */
class ImageTreeCommandTest {
    private static final String IMAGES = """
            [{"id":"sha256:1111111111111111","tags":["busybox:latest"],"created":"2026-01-01T00:00:00Z",
              "layers":[{"chainId":"sha256:aaaaaaaaaaaaaaaa","diffId":"x","size":2000000}]},
             {"id":"sha256:2222222222222222","tags":["web:1","web:latest"],"created":"2026-01-02T00:00:00Z",
              "layers":[{"chainId":"sha256:aaaaaaaaaaaaaaaa","diffId":"x","size":2000000},
                        {"chainId":"sha256:bbbbbbbbbbbbbbbb","diffId":"y","size":40000}]},
             {"id":"sha256:3333333333333333","tags":[],"created":"2026-01-03T00:00:00Z",
              "layers":[{"chainId":"sha256:aaaaaaaaaaaaaaaa","diffId":"x","size":2000000},
                        {"chainId":"sha256:cccccccccccccccc","diffId":"z","size":5}]},
             {"id":"sha256:4444444444444444","tags":["other:1"],"created":"2026-01-04T00:00:00Z",
              "layers":[{"chainId":"sha256:dddddddddddddddd","diffId":"w","size":1000}]}]
            """;

    @Test
    void sharedLayersAreDrawnOnceWithCumulativeSizes() {
        var roots = ImageTreeCommand.build(Json.tree(IMAGES.getBytes()));
        assertThat(ImageTreeCommand.render(roots, false)).isEqualTo("""
                ├── ID: aaaaaaaaaaaa Size: 2MB Top Layer of: [busybox:latest]
                │   ├── ID: bbbbbbbbbbbb Size: 2.04MB Top Layer of: [web:1, web:latest]
                │   └── ID: cccccccccccc Size: 2MB Top Layer of: [<none> 333333333333]
                └── ID: dddddddddddd Size: 1kB Top Layer of: [other:1]
                """);
        assertThat(ImageTreeCommand.render(roots, true)).contains("ID: bbbbbbbbbbbb Size: 40kB ", "ID: cccccccccccc Size: 5B ");
    }
}
