package dev.chatservice.rabbitmq;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoverableConnection;
import com.rabbitmq.client.RecoveryListener;
import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CommandQueue} on RabbitMQ: commands are sharded by chat over quorum queues with a single active
 * consumer each (see {@link Topology}), published with grouped publisher confirms (see
 * {@link ConfirmingPublisher}) and consumed in per-shard batches acknowledged after the handler returned (see
 * {@link ShardConsumer}). {@link RabbitDeadLetters} administers its dead letters and {@link RabbitQueueStats}
 * reads its figures for metrics.
 *
 * <p>One instance holds one publishing connection; every {@link #subscribe} opens a consuming connection of its
 * own. Both recover automatically from network failures; while one is down {@link #isReady()} answers false and
 * {@link #publish} throws {@link DependencyUnavailableException}.
 */
public final class RabbitCommandQueue implements CommandQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitCommandQueue.class);

    private final RabbitConfig config;
    private final Topology topology;
    private final ShardRouter router;
    private final RabbitConnections connections;
    private final Connection connection;
    private final ConfirmingPublisher publisher;
    private final List<RabbitSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ConsumerStats stats = new ConsumerStats();
    private final AtomicReference<String> blockedBecause = new AtomicReference<>();
    private volatile boolean closed;

    private RabbitCommandQueue(RabbitConfig config, RabbitConnections connections, Connection connection) {
        this.config = config;
        this.topology = new Topology(config);
        this.router = new ShardRouter(config.shards());
        this.connections = connections;
        this.connection = connection;
        this.publisher = new ConfirmingPublisher(connection, config.publisherChannels(), config.confirmTimeout());
        trackFlowControl(connection);
    }

    /**
     * Connects, retrying the first connection with backoff, and declares the topology.
     *
     * @throws DependencyUnavailableException if the broker cannot be reached after the configured attempts
     * @throws IllegalStateException          if the topology exists with other arguments
     */
    public static RabbitCommandQueue connect(RabbitConfig config) {
        RabbitConnections connections = new RabbitConnections(config);
        RabbitCommandQueue queue = new RabbitCommandQueue(config, connections,
                connections.open("chat-service-publisher"));
        try {
            queue.topology.declare(queue.connection);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
        return queue;
    }

    /** Returns once the broker confirmed the command is stored in its shard queue. */
    @Override
    public void publish(Command command) {
        ensureReady();
        int shard = router.shardOf(command.chat());
        publisher.publish(topology.exchange(), Topology.routingKey(shard), CommandCodec.encode(command));
    }

    /** Consumes every shard queue on a new connection, one thread per shard; see {@link ShardConsumer}. */
    @Override
    public Subscription subscribe(BatchHandler handler) {
        if (closed) {
            throw new IllegalStateException("the queue is closed");
        }
        Connection consumerConnection = connections.open("chat-service-consumer");
        RabbitSubscription subscription = new RabbitSubscription(consumerConnection, topology.shardQueues(), handler,
                config, stats, subscriptions::remove);
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    /**
     * Whether commands can be published and, if this instance subscribed, consumed now: false while a connection
     * is down or recovering, while the broker blocks publishers (memory or disk alarm), and after close.
     */
    public boolean isReady() {
        return !closed && connection.isOpen() && blockedBecause.get() == null
                && subscriptions.stream().allMatch(RabbitSubscription::isReady);
    }

    /** Stops the subscriptions after their batches in hand, then closes the channels and the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RabbitSubscription subscription : List.copyOf(subscriptions)) {
            subscription.close();
        }
        publisher.close();
        try {
            if (connection.isOpen()) {
                connection.close();
            } else {
                connection.abort();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the publisher connection failed", e);
            connection.abort();
        }
    }

    // ---- for RabbitDeadLetters, RabbitQueueStats and the tests, in this package --------------------------------

    Topology topology() {
        return topology;
    }

    RabbitConfig config() {
        return config;
    }

    /** The publishing connection, on which admin work opens short-lived channels. */
    Connection connection() {
        return connection;
    }

    ConsumerStats consumerStats() {
        return stats;
    }

    /** Deliveries this instance's subscriptions hold and have not acknowledged yet. */
    long inHand() {
        return subscriptions.stream().mapToLong(RabbitSubscription::inHand).sum();
    }

    /** How many confirm callbacks the broker sent; below {@link #confirmedPublishes()} when confirms are grouped. */
    long confirmCallbacks() {
        return publisher.confirmCallbacks();
    }

    /** How many publishes the broker confirmed. */
    long confirmedPublishes() {
        return publisher.confirmed();
    }

    /** Deletes the exchanges and queues with their messages, so that each test leaves the broker as it was. */
    void deleteTopology() {
        AdminChannel.run(connection, channel -> {
            topology.delete(channel);
            return null;
        });
    }

    // ---- publishing ---------------------------------------------------------------------------------------------

    private void ensureReady() {
        if (closed) {
            throw new DependencyUnavailableException(RabbitConnections.DEPENDENCY, "the queue is closed", null);
        }
        String blocked = blockedBecause.get();
        if (blocked != null) {
            throw new DependencyUnavailableException(RabbitConnections.DEPENDENCY,
                    "the broker blocks publishers: " + blocked, null);
        }
        if (!connection.isOpen()) {
            throw new DependencyUnavailableException(RabbitConnections.DEPENDENCY, "not connected (recovering)",
                    null);
        }
    }

    /** Follows the broker's flow-control blocks of the publishing connection (memory or disk alarm). */
    private void trackFlowControl(Connection publishing) {
        if (publishing instanceof RecoverableConnection recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // blocks end with the connection; a recovered one starts unblocked
                }

                @Override
                public void handleRecovery(Recoverable recovered) {
                    blockedBecause.set(null); // a new connection starts unblocked
                }
            });
        }
        publishing.addBlockedListener(new BlockedListener() {
            @Override
            public void handleBlocked(String reason) {
                LOG.warn("broker blocks publishers on {}: {}", publishing.getClientProvidedName(), reason);
                blockedBecause.set(reason);
            }

            @Override
            public void handleUnblocked() {
                LOG.info("broker unblocked {}", publishing.getClientProvidedName());
                blockedBecause.set(null);
            }
        });
    }
}
