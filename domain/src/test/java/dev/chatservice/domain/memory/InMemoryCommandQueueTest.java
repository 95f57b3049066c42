package dev.chatservice.domain.memory;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.contract.AbstractCommandQueueTest;
import dev.chatservice.domain.port.CommandQueue;
import java.time.Duration;
import java.util.List;

/** Runs the queue contract against the in-memory queue. */
class InMemoryCommandQueueTest extends AbstractCommandQueueTest {
    private InMemoryCommandQueue memoryQueue;

    @Override
    protected CommandQueue newQueue() {
        memoryQueue = new InMemoryCommandQueue(100, Duration.ofMillis(5), 3);
        return memoryQueue;
    }

    @Override
    protected List<Command> deadLetters() {
        return memoryQueue.deadLetters();
    }
}
