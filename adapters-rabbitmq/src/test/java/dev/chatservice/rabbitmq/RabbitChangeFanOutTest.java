package dev.chatservice.rabbitmq;

import dev.chatservice.domain.contract.AbstractChangeFanOutTest;
import dev.chatservice.domain.port.ChangeFanOut;
import java.util.ArrayList;
import java.util.List;

/** The {@link ChangeFanOut} contract against the local RabbitMQ: each "node" on a connection of its own. */
class RabbitChangeFanOutTest extends AbstractChangeFanOutTest {
    private final RabbitConfig config = TestBroker.config();
    private final List<RabbitChangeFanOut> nodes = new ArrayList<>();

    @Override
    protected ChangeFanOut newNode() {
        RabbitChangeFanOut node = RabbitChangeFanOut.connect(config);
        nodes.add(node);
        return node;
    }

    @Override
    protected void closeNodes() throws Exception {
        nodes.forEach(RabbitChangeFanOut::close);
        TestBroker.withChannel(channel -> channel.exchangeDelete(RabbitChangeFanOut.exchangeName(config)));
    }
}
