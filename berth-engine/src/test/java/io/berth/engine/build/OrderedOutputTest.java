package io.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.image.registry.Progress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stages side by side write as a sequential build: the first unfinished stage through, later ones held back. */
class OrderedOutputTest {
    private static final class Recorded implements BuildOutput {
        final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void stream(String text) {
            lines.add(text);
        }

        @Override
        public synchronized void aux(String imageId) {
            lines.add("aux " + imageId);
        }

        @Override
        public void pull(Progress progress) {
            lines.add("pull");
        }
    }

    @Test
    void laterStagesWaitForTheEarlierOnesToFinish() {
        var out = new Recorded();
        var ordered = new Build.OrderedOutput(out, 3);
        var first = ordered.slot(0);
        var second = ordered.slot(1);
        var third = ordered.slot(2);

        third.stream("c1");
        second.stream("b1");
        first.stream("a1");
        assertThat(out.lines).containsExactly("a1");

        ordered.finish(1, true); // the second is done before the first: still held
        third.stream("c2");
        assertThat(out.lines).containsExactly("a1");

        first.aux("A");
        ordered.finish(0, true);
        assertThat(out.lines).containsExactly("a1", "aux A", "b1", "c1", "c2");
        third.stream("c3"); // the third is the first unfinished one now: it writes through
        assertThat(out.lines).containsExactly("a1", "aux A", "b1", "c1", "c2", "c3");
    }

    @Test
    void nothingAfterTheFailedStageIsShown() {
        var out = new Recorded();
        var ordered = new Build.OrderedOutput(out, 3);

        ordered.slot(2).stream("after");
        ordered.slot(1).stream("failing");
        ordered.finish(2, true);
        ordered.finish(1, false);
        ordered.slot(0).stream("cancelled part");
        ordered.finish(0, true);

        assertThat(out.lines).containsExactly("cancelled part", "failing");
    }
}
