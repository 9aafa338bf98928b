package io.berth.cli.command.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.BuildCache;
import io.berth.api.model.ContainerSummary;
import io.berth.api.model.ImageSummary;
import io.berth.api.model.SystemDataUsageResponse;
import io.berth.api.model.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code system df}'s summary as the docker CLI adds it up, and {@code system prune}'s prompt. */
class SystemDfCommandTest {
    private static Volume volume(String name, long size, long refs) {
        return Volume.builder().name(name).driver("local").usageData(Volume.UsageData.builder().size(size)
                .refCount(refs).build()).build();
    }

    @Test
    void summaryAddsUpAsDockerDoes() {
        var images = List.of(
                ImageSummary.builder().id("sha256:a").size(2_000_000L).sharedSize(1_000_000L).containers(1L).build(),
                ImageSummary.builder().id("sha256:b").size(1_500_000L).sharedSize(1_000_000L).containers(0L).build());
        var containers = List.of(
                ContainerSummary.builder().id("c1").state("running").sizeRw(1000L).build(),
                ContainerSummary.builder().id("c2").state("exited").sizeRw(3000L).build());
        var volumes = List.of(volume("v1", 500, 1), volume("v2", 1500, 0));
        var cache = List.of(
                new BuildCache("k1", null, "regular", "COPY", false, false, 2000, "2026-01-01T00:00:00Z",
                        "2026-01-01T00:00:00Z", 1),
                new BuildCache("k2", null, "regular", "RUN", false, true, 7000, "2026-01-01T00:00:00Z",
                        "2026-01-01T00:00:00Z", 1));
        var du = new SystemDataUsageResponse(2_500_000, images, containers, volumes, cache, 2000);

        assertThat(SystemDfCommand.summary(du, null)).isEqualTo(
                "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
                        + "Images          2         1         2.5MB     1.5MB (60%)\n"
                        + "Containers      2         1         4kB       3kB (75%)\n"
                        + "Local Volumes   2         1         2kB       1.5kB (75%)\n"
                        + "Build Cache     2         0         2kB       2kB\n");
        assertThat(SystemDfCommand.summary(du, "{{.Type}}: {{.Reclaimable}}")).isEqualTo(
                "Images: 1.5MB (60%)\nContainers: 3kB (75%)\nLocal Volumes: 1.5kB (75%)\nBuild Cache: 2kB\n");
    }

    @Test
    void nothingAtAllShowsZeros() {
        var du = new SystemDataUsageResponse(0, List.of(), List.of(), List.of(), List.of(), 0);
        assertThat(SystemDfCommand.summary(du, null)).endsWith("Build Cache     0         0         0B        0B\n")
                .contains("Images          0         0         0B        0B\n");
    }

    @Test
    void systemPrunePromptListsWhatGoesAndTheFilters() {
        assertThat(SystemPruneCommand.confirmation(false, false, List.of())).isEqualTo("WARNING! This will remove:\n"
                + "  - all stopped containers\n"
                + "  - all networks not used by at least one container\n"
                + "  - all dangling images\n"
                + "  - unused build cache\n\n"
                + "Are you sure you want to continue?");
        assertThat(SystemPruneCommand.confirmation(true, true, List.of("until=24h", "label=a=b"))).isEqualTo(
                "WARNING! This will remove:\n"
                        + "  - all stopped containers\n"
                        + "  - all networks not used by at least one container\n"
                        + "  - all anonymous volumes not used by at least one container\n"
                        + "  - all images without at least one container associated to them\n"
                        + "  - all build cache\n\n"
                        + "  Items to be pruned will be filtered with:\n"
                        + "  - label=a=b\n"
                        + "  - until=24h\n\n"
                        + "Are you sure you want to continue?");
    }
}
