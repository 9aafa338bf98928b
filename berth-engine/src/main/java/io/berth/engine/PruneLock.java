package io.berth.engine;

import io.berth.common.ConflictException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** One prune of a kind at a time, as Docker: a second one meanwhile is a 409, it does not wait. */
public final class PruneLock {
    private final ReentrantLock lock = new ReentrantLock();

    public <T> T run(Supplier<T> prune) {
        if (!lock.tryLock()) {
            throw new ConflictException("a prune operation is already running");
        }
        try {
            return prune.get();
        } finally {
            lock.unlock();
        }
    }
}
