package dev.chatservice.rabbitmq;

import com.rabbitmq.client.Connection;

/**
 * Read-only figures of a {@link RabbitCommandQueue} for metrics: the depths of its queues, read from the broker
 * on each call, and counts of what its consumers saw.
 */
public final class RabbitQueueStats {
    private final RabbitCommandQueue queue;
    private final Connection connection;
    private final Topology topology;
    private final ConsumerStats consumers;

    public RabbitQueueStats(RabbitCommandQueue queue) {
        this.queue = queue;
        this.connection = queue.connection();
        this.topology = queue.topology();
        this.consumers = queue.consumerStats();
    }

    /**
     * Commands waiting in the shard queues plus those the queue's subscriptions hold unacknowledged. Messages
     * other processes hold unacknowledged are not visible over AMQP 0-9-1 (the management API shows them).
     */
    public long backlog() {
        long ready = AdminChannel.run(connection, channel -> {
            long sum = 0;
            for (String shardQueue : topology.shardQueues()) {
                sum += channel.queueDeclarePassive(shardQueue).getMessageCount();
            }
            return sum;
        });
        return ready + queue.inHand();
    }

    /** Messages waiting in the dead-letter queue. */
    public long deadLetterDepth() {
        return AdminChannel.run(connection,
                channel -> (long) channel.queueDeclarePassive(topology.deadLetterQueue()).getMessageCount());
    }

    /** Commands the queue's consumers sent to the dead letters: undecodable, or failed too often in the handler. */
    public long deadLetteredByConsumers() {
        return consumers.deadLettered.sum();
    }

    /** Deliveries the queue's consumers got that the broker had handed out before (to a consumer that died). */
    public long redeliveries() {
        return consumers.redelivered.sum();
    }

    /** Batches the queue's consumers retried in place after the handler failed. */
    public long retriedBatches() {
        return consumers.retried.sum();
    }
}
