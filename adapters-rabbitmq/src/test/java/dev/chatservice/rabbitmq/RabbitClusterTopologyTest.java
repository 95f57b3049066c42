package dev.chatservice.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.contract.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster side of the adapter on the local single-node broker: node lists, replica arguments and the
 * dead-letter queue's move from a classic queue to a quorum queue.
 */
class RabbitClusterTopologyTest {
    private final RabbitConfig config = TestBroker.config();
    private final Topology topology = new Topology(config);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        TestBroker.withChannel(topology::delete);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** Whether the broker holds {@code queue} with exactly these arguments: it refuses any other redeclaration. */
    private static boolean declaredWith(String queue, Map<String, Object> arguments) throws Exception {
        return succeeds(channel -> channel.queueDeclare(queue, true, false, false, arguments));
    }

    private static boolean exists(String queue) throws Exception {
        return succeeds(channel -> channel.queueDeclarePassive(queue));
    }

    /** Runs one step on a channel of its own, which a refusal closes; false if the broker refused it. */
    private static boolean succeeds(TestBroker.ChannelWork step) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.url());
        try (Connection connection = factory.newConnection("test-declared-with")) {
            Channel channel = connection.createChannel();
            try {
                step.run(channel);
                return true;
            } catch (IOException e) {
                return false;
            } finally {
                channel.abort();
            }
        }
    }

    private static Map<String, Object> with(Map<String, Object> arguments, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(arguments);
        changed.put(key, value);
        return changed;
    }

    @Test
    void open_firstAddressDead_connectsToTheNext() throws Exception {
        RabbitConfig twoNodes = config.withUrl("amqp://guest:guest@127.0.0.1:" + closedPort() + "/%2F,"
                + TestBroker.url());
        List<List<Address>> tried = new ArrayList<>();
        RabbitConnections connections = new RabbitConnections(twoNodes, addresses -> {
            tried.add(addresses);
            return addresses;
        });
        Connection connection = connections.open("test-address-list");
        resources.add(connection);
        assertTrue(connection.isOpen());
        assertEquals(twoNodes.addresses(), tried.get(0));
        assertEquals(twoNodes.addresses().get(1).getPort(), connection.getPort());
    }

    @Test
    void connect_nodeListWithDeadNode_publishes() throws Exception {
        RabbitCommandQueue queue = TestBroker.connect(config.withUrl("amqp://guest:guest@127.0.0.1:" + closedPort()
                + "/%2F," + TestBroker.url()));
        resources.add(queue);
        queue.publish(new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now()));
        assertEquals(1L, new RabbitQueueStats(queue).backlog());
    }

    @Test
    void declare_shardQueues_carryReplicaCountAndLeaderLocator() throws Exception {
        resources.add(TestBroker.connect(config));
        Map<String, Object> declared = topology.shardArguments();
        assertEquals(3, declared.get("x-quorum-initial-group-size"));
        assertEquals("balanced", declared.get("x-queue-leader-locator"));
        for (String shard : topology.shardQueues()) {
            assertTrue(declaredWith(shard, declared), shard);
            assertFalse(declaredWith(shard, with(declared, "x-quorum-initial-group-size", 2)), shard);
            assertFalse(declaredWith(shard, with(declared, "x-queue-leader-locator", "client-local")), shard);
        }
    }

    @Test
    void declare_deadLetterQueue_isReplicatedQuorumQueue() throws Exception {
        resources.add(TestBroker.connect(config));
        Map<String, Object> declared = topology.deadLetterArguments();
        assertEquals("quorum", declared.get("x-queue-type"));
        assertEquals(3, declared.get("x-quorum-initial-group-size"));
        assertTrue(declaredWith(topology.deadLetterQueue(), declared));
        assertFalse(declaredWith(topology.deadLetterQueue(), with(declared, "x-queue-type", "classic")));
    }

    @Test
    void declare_shardQueuesOfEarlierVersion_acceptedAsTheyAre() throws Exception {
        TestBroker.withChannel(channel -> {
            for (String shard : topology.shardQueues()) {
                channel.queueDeclare(shard, true, false, false, topology.legacyShardArguments());
            }
        });
        RabbitCommandQueue queue = TestBroker.connect(config);
        resources.add(queue);
        queue.publish(new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now()));
        assertTrue(declaredWith(topology.shardQueue(0), topology.legacyShardArguments()));
    }

    @Test
    void declare_classicDeadLetterQueueOfEarlierVersion_becomesQuorumKeepingItsLetters() throws Exception {
        List<CreateChatCommand> letters = List.of(
                new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now()),
                new CreateChatCommand(Fixtures.chat(Fixtures.token(), 2), Fixtures.now()),
                new CreateChatCommand(Fixtures.chat(Fixtures.token(), 3), Fixtures.now()));
        TestBroker.withChannel(channel -> {
            channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
            channel.queueDeclare(topology.deadLetterQueue(), true, false, false, Map.of("x-queue-type", "classic"));
            channel.queueBind(topology.deadLetterQueue(), topology.deadLetterExchange(), "");
            channel.confirmSelect();
            for (CreateChatCommand letter : letters) {
                channel.basicPublish("", topology.deadLetterQueue(),
                        new AMQP.BasicProperties.Builder().deliveryMode(2).build(), CommandCodec.encode(letter));
            }
            channel.waitForConfirmsOrDie(5_000);
        });
        RabbitCommandQueue queue = TestBroker.connect(config);
        resources.add(queue);
        assertTrue(declaredWith(topology.deadLetterQueue(), topology.deadLetterArguments()));
        assertEquals(letters, new RabbitDeadLetters(queue).list());
        assertFalse(exists(topology.deadLetterHoldingQueue()));
        TestBroker.publishRaw(topology.deadLetterExchange(), "", CommandCodec.encode(letters.get(0)));
        assertEquals(4, new RabbitDeadLetters(queue).list().size());
    }

    @Test
    void peek_quorumDeadLetterQueue_keepsOrderAndLettersAcrossPeeks() throws Exception {
        RabbitCommandQueue queue = TestBroker.connect(config);
        resources.add(queue);
        List<CreateChatCommand> letters = List.of(
                new CreateChatCommand(Fixtures.chat(Fixtures.token(), 1), Fixtures.now()),
                new CreateChatCommand(Fixtures.chat(Fixtures.token(), 2), Fixtures.now()));
        for (CreateChatCommand letter : letters) {
            TestBroker.publishRaw(topology.deadLetterExchange(), "", CommandCodec.encode(letter));
        }
        RabbitDeadLetters deadLetters = new RabbitDeadLetters(queue);
        for (int i = 0; i < 25; i++) {
            assertEquals(letters, deadLetters.list());
        }
    }
}
