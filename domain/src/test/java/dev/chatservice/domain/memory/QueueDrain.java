package dev.chatservice.domain.memory;

import java.time.Duration;

/** For tests of code built on the in-memory queue: waits until the worker has applied everything accepted. */
public final class QueueDrain {
    private QueueDrain() {}

    /** True once every published command was acknowledged or dead-lettered; false on timeout. */
    public static boolean awaitDrained(InMemoryCommandQueue queue, Duration timeout) throws InterruptedException {
        return queue.awaitDrained(timeout);
    }
}
