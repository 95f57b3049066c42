package dev.chatservice.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker objects of the command queue and their arguments.
 *
 * <pre>
 *   exchange  chat.commands       direct, durable; routing key = shard index ("0".."N-1")
 *   queues    chat.commands.0..N-1  quorum, durable, bound with their index:
 *               x-quorum-initial-group-size = 3     three replicas (fewer on a smaller cluster)
 *               x-queue-leader-locator   = balanced  leaders spread over the nodes
 *               x-single-active-consumer = true   one consumer at a time keeps a chat in publish order
 *               x-delivery-limit         = D      the broker dead-letters a command taken back more than D times
 *               x-dead-letter-exchange   = chat.commands.dlx
 *               x-dead-letter-strategy   = at-least-once   (no loss between a shard and the DLQ)
 *               x-overflow               = reject-publish  (required by at-least-once dead-lettering)
 *   exchange  chat.commands.dlx   fanout, durable
 *   queue     chat.commands.dlq   quorum, durable, 3 replicas, balanced: no consumer, peeked and replayed by
 *                                 operators; x-delivery-limit = 1e9, as peeks take messages back
 * </pre>
 * Every name starts with the configured prefix and a dot when a prefix is set. A quorum queue keeps working
 * while a majority of its replicas is up, so on three nodes every queue survives the loss of any one.
 */
final class Topology {
    private static final Logger LOG = LoggerFactory.getLogger(Topology.class);
    /** Replicas of every queue; a cluster of fewer nodes gets one per node. */
    static final int REPLICAS = 3;
    /**
     * The dead-letter queue's limit: every peek takes its messages back, which counts as a delivery (and from
     * RabbitMQ 4.0 a quorum queue defaults to a limit of 20), while it has nowhere to dead-letter to. No operator
     * peeks a billion times; -1, "no limit" on 4.x, is not a value every 3.x reads the same way.
     */
    static final int DEAD_LETTER_DELIVERY_LIMIT = 1_000_000_000;

    private final String prefix;
    private final int shards;
    private final int deliveryLimit;

    Topology(RabbitConfig config) {
        this.prefix = config.queuePrefix().isEmpty() ? "" : config.queuePrefix() + ".";
        this.shards = config.shards();
        this.deliveryLimit = config.deliveryLimit();
    }

    public String exchange() {
        return prefix + "chat.commands";
    }

    public String shardQueue(int shard) {
        return prefix + "chat.commands." + shard;
    }

    public List<String> shardQueues() {
        List<String> queues = new ArrayList<>(shards);
        for (int shard = 0; shard < shards; shard++) {
            queues.add(shardQueue(shard));
        }
        return queues;
    }

    public static String routingKey(int shard) {
        return Integer.toString(shard);
    }

    public String deadLetterExchange() {
        return prefix + "chat.commands.dlx";
    }

    public String deadLetterQueue() {
        return prefix + "chat.commands.dlq";
    }

    /** Holds the dead letters while a classic dead-letter queue of an earlier version becomes a quorum queue. */
    String deadLetterHoldingQueue() {
        return prefix + "chat.commands.dlq.migrating";
    }

    /**
     * Declares everything, each step on a channel of its own (a refused declaration closes its channel);
     * idempotent. Migrates a classic dead-letter queue of an earlier version (see {@link DeadLetterMigration}),
     * and accepts shard queues declared before the replica arguments existed, which operators grow by hand.
     *
     * @throws IllegalStateException if an object exists with other arguments
     */
    void declare(Connection connection) {
        AdminChannel.run(connection, channel -> {
            channel.exchangeDeclare(deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
            channel.exchangeDeclare(exchange(), BuiltinExchangeType.DIRECT, true);
            return null;
        });
        new DeadLetterMigration(this, connection).declare();
        for (int shard = 0; shard < shards; shard++) {
            int index = shard;
            try {
                AdminChannel.run(connection, channel -> declareShard(channel, index, shardArguments()));
            } catch (IllegalStateException e) {
                if (!AdminChannel.inequivalent(e, "x-quorum-initial-group-size")
                        && !AdminChannel.inequivalent(e, "x-queue-leader-locator")) {
                    throw e;
                }
                LOG.warn("shard queue {} predates its replica arguments; on a cluster, give it a replica on "
                        + "every node with `rabbitmq-queues grow <node> all` and spread the leaders with "
                        + "`rabbitmq-queues rebalance quorum`", shardQueue(index));
                AdminChannel.run(connection, channel -> declareShard(channel, index, legacyShardArguments()));
            }
        }
    }

    private Void declareShard(Channel channel, int shard, Map<String, Object> arguments) throws IOException {
        channel.queueDeclare(shardQueue(shard), true, false, false, arguments);
        channel.queueBind(shardQueue(shard), exchange(), routingKey(shard));
        return null;
    }

    /** Deletes every object, messages included: for tests and decommissioning only. */
    void delete(Channel channel) throws IOException {
        channel.exchangeDelete(exchange());
        for (int shard = 0; shard < shards; shard++) {
            channel.queueDelete(shardQueue(shard));
        }
        channel.queueDelete(deadLetterQueue());
        channel.queueDelete(deadLetterHoldingQueue());
        channel.exchangeDelete(deadLetterExchange());
    }

    Map<String, Object> shardArguments() {
        Map<String, Object> arguments = legacyShardArguments();
        arguments.putAll(replicaArguments());
        return arguments;
    }

    /** The shard arguments of the versions before replica placement was declared. */
    Map<String, Object> legacyShardArguments() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", "quorum");
        arguments.put("x-single-active-consumer", true);
        arguments.put("x-delivery-limit", deliveryLimit);
        arguments.put("x-dead-letter-exchange", deadLetterExchange());
        arguments.put("x-dead-letter-strategy", "at-least-once");
        arguments.put("x-overflow", "reject-publish");
        return arguments;
    }

    Map<String, Object> deadLetterArguments() {
        Map<String, Object> arguments = new HashMap<>(replicaArguments());
        arguments.put("x-queue-type", "quorum");
        arguments.put("x-delivery-limit", DEAD_LETTER_DELIVERY_LIMIT);
        return arguments;
    }

    private static Map<String, Object> replicaArguments() {
        return Map.of("x-quorum-initial-group-size", REPLICAS, "x-queue-leader-locator", "balanced");
    }
}
