package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.ConflictException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PruneLockTest {
    @Test
    void aSecondPruneMeanwhileIsAConflictAndOneAfterRuns() throws Exception {
        var lock = new PruneLock();
        var inside = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var first = Thread.ofVirtual().start(() -> lock.run(() -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }));
        inside.await();

        assertThatThrownBy(() -> lock.run(() -> "second")).isInstanceOf(ConflictException.class)
                .hasMessage("a prune operation is already running");
        release.countDown();
        first.join();
        assertThat(lock.run(() -> "third")).isEqualTo("third");
    }

    @Test
    void aFailedPruneReleasesTheLock() {
        var lock = new PruneLock();

        assertThatThrownBy(() -> lock.run(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(lock.run(() -> 1)).isEqualTo(1);
    }
}
