package dev.chatservice.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker objects of the command queue and their arguments.
 *
 * <pre>
 *   exchange  chat.commands       direct, durable; routing key = shard index ("0".."N-1")
 *   queues    chat.commands.0..N-1  quorum, durable, bound with their index:
 *               x-single-active-consumer = true   one consumer at a time keeps a chat in publish order
 *               x-delivery-limit         = D      the broker dead-letters a command taken back more than D times
 *               x-dead-letter-exchange   = chat.commands.dlx
 *               x-dead-letter-strategy   = at-least-once   (no loss between a shard and the DLQ)
 *               x-overflow               = reject-publish  (required by at-least-once dead-lettering)
 *   exchange  chat.commands.dlx   fanout, durable
 *   queue     chat.commands.dlq   classic, durable: no consumer, peeked and replayed by operators
 * </pre>
 * Every name starts with the configured prefix and a dot when a prefix is set.
 */
final class Topology {
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

    /** Declares everything; idempotent, and fails if an object exists with other arguments. */
    void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
        // Classic, not quorum: peeking requeues, which on quorum queues counts towards a delivery limit (20 by
        // default from RabbitMQ 4.0), and this queue has nowhere to dead-letter to.
        channel.queueDeclare(deadLetterQueue(), true, false, false, Map.of("x-queue-type", "classic"));
        channel.queueBind(deadLetterQueue(), deadLetterExchange(), "");
        channel.exchangeDeclare(exchange(), BuiltinExchangeType.DIRECT, true);
        for (int shard = 0; shard < shards; shard++) {
            channel.queueDeclare(shardQueue(shard), true, false, false, shardArguments());
            channel.queueBind(shardQueue(shard), exchange(), routingKey(shard));
        }
    }

    /** Deletes every object, messages included: for tests and decommissioning only. */
    void delete(Channel channel) throws IOException {
        channel.exchangeDelete(exchange());
        for (int shard = 0; shard < shards; shard++) {
            channel.queueDelete(shardQueue(shard));
        }
        channel.queueDelete(deadLetterQueue());
        channel.exchangeDelete(deadLetterExchange());
    }

    Map<String, Object> shardArguments() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", "quorum");
        arguments.put("x-single-active-consumer", true);
        arguments.put("x-delivery-limit", deliveryLimit);
        arguments.put("x-dead-letter-exchange", deadLetterExchange());
        arguments.put("x-dead-letter-strategy", "at-least-once");
        arguments.put("x-overflow", "reject-publish");
        return arguments;
    }
}
