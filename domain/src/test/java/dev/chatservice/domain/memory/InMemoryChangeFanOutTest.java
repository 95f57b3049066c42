package dev.chatservice.domain.memory;

import dev.chatservice.domain.contract.AbstractChangeFanOutTest;
import dev.chatservice.domain.port.ChangeFanOut;

/** Runs the fan-out contract in one process: every "node" shares the one in-memory fan-out. */
class InMemoryChangeFanOutTest extends AbstractChangeFanOutTest {
    private final InMemoryChangeFanOut shared = new InMemoryChangeFanOut();

    @Override
    protected ChangeFanOut newNode() {
        return shared;
    }
}
