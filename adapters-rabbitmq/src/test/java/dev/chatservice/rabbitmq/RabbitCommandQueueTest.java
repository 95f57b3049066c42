package dev.chatservice.rabbitmq;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.contract.AbstractCommandQueueTest;
import dev.chatservice.domain.port.CommandQueue;
import java.util.List;

/** The {@link CommandQueue} contract against the local RabbitMQ, each test on queues of its own. */
class RabbitCommandQueueTest extends AbstractCommandQueueTest {
    private RabbitCommandQueue rabbit;

    @Override
    protected CommandQueue newQueue() {
        rabbit = TestBroker.connect(TestBroker.config());
        return rabbit;
    }

    @Override
    protected List<Command> deadLetters() {
        return new RabbitDeadLetters(rabbit).list();
    }

    @Override
    protected void closeQueue() {
        if (rabbit != null) {
            try {
                rabbit.deleteTopology();
            } finally {
                rabbit.close();
            }
        }
    }
}
