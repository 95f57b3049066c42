package dev.chatservice.rabbitmq;

import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.time.Duration;
import java.util.UUID;

/** The local broker for tests: isolated queue names per test, and a loud failure when no broker runs. */
final class TestBroker {
    private TestBroker() {}

    static String url() {
        String url = System.getenv(RabbitConfig.URL_VARIABLE);
        return url == null || url.isBlank() ? RabbitConfig.DEFAULT_URL : url.strip();
    }

    /** Queues of their own, fast retries and a first connection that gives up quickly. */
    static RabbitConfig config() {
        return RabbitConfig.fromUrl(url())
                .withQueuePrefix("test-" + UUID.randomUUID().toString().substring(0, 8))
                .withRetries(5, 20, Duration.ofMillis(500))
                .withConnecting(2, Duration.ofMillis(200), Duration.ofMillis(200));
    }

    /** Connects, failing (never skipping) the test with the way to start the broker if it is down. */
    static RabbitCommandQueue connect(RabbitConfig config) {
        try {
            return RabbitCommandQueue.connect(config);
        } catch (DependencyUnavailableException e) {
            return fail("RabbitMQ is not reachable at " + config.redactedUrl() + ". Start it with "
                    + "`rabbitmq-server -detached`, or point " + RabbitConfig.URL_VARIABLE + " at a broker. ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Publishes bytes as they are, bypassing the codec, and waits for the broker's confirm. */
    static void publishRaw(String exchange, String routingKey, byte[] body) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(url());
        try (Connection connection = factory.newConnection("test-raw-publisher");
             Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(exchange, routingKey, true,
                    new AMQP.BasicProperties.Builder().deliveryMode(2).build(), body);
            channel.waitForConfirmsOrDie(5_000);
        }
    }

    /** Runs work on a raw channel of a connection of its own. */
    static void withChannel(ChannelWork work) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(url());
        try (Connection connection = factory.newConnection("test-raw-admin");
             Channel channel = connection.createChannel()) {
            work.run(channel);
        }
    }

    @FunctionalInterface
    interface ChannelWork {
        void run(Channel channel) throws Exception;
    }
}
