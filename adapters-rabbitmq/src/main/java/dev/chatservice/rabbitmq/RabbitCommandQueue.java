package dev.chatservice.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoverableConnection;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CommandQueue} on RabbitMQ: commands are sharded by chat over quorum queues with a single active
 * consumer each (see {@link Topology}), published with grouped publisher confirms (see
 * {@link ConfirmingPublisher}) and consumed in per-shard batches acknowledged after the handler returned (see
 * {@link ShardConsumer}).
 *
 * <p>One instance holds one publishing connection; every {@link #subscribe} opens a consuming connection of its
 * own. Both recover automatically from network failures; while one is down {@link #isReady()} answers false and
 * {@link #publish} throws {@link DependencyUnavailableException}.
 */
public final class RabbitCommandQueue implements CommandQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitCommandQueue.class);
    private static final String DEPENDENCY = "rabbitmq";
    private static final int HEARTBEAT_SECONDS = 15;
    private static final int CONNECTION_TIMEOUT_MILLIS = 5_000;
    private static final int REPLAY_CONFIRM_EVERY = 100;

    private final RabbitConfig config;
    private final Topology topology;
    private final ShardRouter router;
    private final ConnectionFactory factory;
    private final Connection connection;
    private final ConfirmingPublisher publisher;
    private final List<RabbitSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ConsumerStats stats = new ConsumerStats();
    private final AtomicReference<String> blockedBecause = new AtomicReference<>();
    private volatile boolean closed;

    private RabbitCommandQueue(RabbitConfig config, ConnectionFactory factory, Connection connection) {
        this.config = config;
        this.topology = new Topology(config);
        this.router = new ShardRouter(config.shards());
        this.factory = factory;
        this.connection = connection;
        this.publisher = new ConfirmingPublisher(connection, config.publisherChannels(), config.confirmTimeout());
        watch(connection, true);
    }

    /**
     * Connects, retrying the first connection with backoff (the client's automatic recovery only covers
     * connections that once succeeded), and declares the topology.
     *
     * @throws DependencyUnavailableException if the broker cannot be reached after the configured attempts
     * @throws IllegalStateException          if the topology exists with other arguments
     */
    public static RabbitCommandQueue connect(RabbitConfig config) {
        ConnectionFactory factory = factory(config);
        Connection connection = connectWithRetry(factory, config, "chat-service-publisher");
        RabbitCommandQueue queue = new RabbitCommandQueue(config, factory, connection);
        try {
            queue.withChannel(channel -> {
                queue.topology.declare(channel);
                return null;
            });
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
        return queue;
    }

    /** Names of the exchanges and queues in use. */
    public Topology topology() {
        return topology;
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
        Connection consumerConnection = connectWithRetry(factory, config, "chat-service-consumer");
        watch(consumerConnection, false);
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

    /**
     * Commands waiting in the shard queues plus those this instance's subscriptions hold unacknowledged. Messages
     * other processes hold unacknowledged are not visible over AMQP 0-9-1 (the management API shows them).
     */
    public long backlog() {
        long ready = withChannel(channel -> {
            long sum = 0;
            for (String queue : topology.shardQueues()) {
                sum += channel.queueDeclarePassive(queue).getMessageCount();
            }
            return sum;
        });
        return ready + subscriptions.stream().mapToLong(RabbitSubscription::inHand).sum();
    }

    /** Commands this instance sent to the dead letters: undecodable, or failed too often in the handler. */
    public long deadLetteredByConsumers() {
        return stats.deadLettered.sum();
    }

    /** Deliveries this instance's consumers got that the broker had handed out before (to a consumer that died). */
    public long redeliveries() {
        return stats.redelivered.sum();
    }

    /** Batches this instance's consumers retried in place after the handler failed. */
    public long retriedBatches() {
        return stats.retried.sum();
    }

    /** Messages waiting in the dead-letter queue. */
    public long deadLetterDepth() {
        return withChannel(channel -> (long) channel.queueDeclarePassive(topology.deadLetterQueue()).getMessageCount());
    }

    /** How many confirm callbacks the broker sent; below {@link #confirmedPublishes()} when confirms are grouped. */
    public long confirmCallbacks() {
        return publisher.confirmCallbacks();
    }

    /** How many publishes the broker confirmed. */
    public long confirmedPublishes() {
        return publisher.confirmed();
    }

    /** The decodable commands among the first 1,000 dead letters, oldest first; see {@link #peekDeadLetters}. */
    public List<Command> deadLetters() {
        return peekDeadLetters(1_000).stream().flatMap(letter -> letter.command().stream()).toList();
    }

    /**
     * Up to {@code limit} dead letters, oldest first, without removing them: each is fetched unacknowledged and
     * then requeued, which on a classic queue puts it back in its place.
     */
    public List<DeadLetter> peekDeadLetters(int limit) {
        return withChannel(channel -> {
            int count = channel.queueDeclarePassive(topology.deadLetterQueue()).getMessageCount();
            List<DeadLetter> letters = new ArrayList<>();
            long lastTag = -1;
            for (int i = 0; i < Math.min(count, limit); i++) {
                GetResponse response = channel.basicGet(topology.deadLetterQueue(), false);
                if (response == null) {
                    break;
                }
                lastTag = response.getEnvelope().getDeliveryTag();
                letters.add(deadLetter(response));
            }
            if (lastTag >= 0) {
                channel.basicNack(lastTag, true, true);
            }
            return letters;
        });
    }

    /**
     * Moves the dead letters back to the shard queue of their chat, oldest first, each confirmed before it
     * leaves the dead-letter queue (a crash in between may duplicate one, which the idempotent processor
     * absorbs). Undecodable messages stay where they are. Commands land behind those already queued for their
     * chat.
     *
     * @return how many commands were moved
     */
    public int replayDeadLetters() {
        return withChannel(channel -> {
            channel.confirmSelect();
            AtomicReference<String> returned = new AtomicReference<>();
            channel.addReturnListener(r -> returned.set(r.getReplyText() + " for routing key " + r.getRoutingKey()));
            int count = channel.queueDeclarePassive(topology.deadLetterQueue()).getMessageCount();
            List<Long> unconfirmed = new ArrayList<>();
            int moved = 0;
            for (int i = 0; i < count; i++) {
                GetResponse response = channel.basicGet(topology.deadLetterQueue(), false);
                if (response == null) {
                    break;
                }
                Optional<Command> command = deadLetter(response).command();
                if (command.isEmpty()) {
                    continue; // stays unacknowledged, so it returns to its place when the channel closes
                }
                int shard = router.shardOf(command.get().chat());
                channel.basicPublish(topology.exchange(), Topology.routingKey(shard), true,
                        new AMQP.BasicProperties.Builder().deliveryMode(2).build(), response.getBody());
                unconfirmed.add(response.getEnvelope().getDeliveryTag());
                if (unconfirmed.size() >= REPLAY_CONFIRM_EVERY) {
                    moved += confirmThenAck(channel, unconfirmed, returned);
                }
            }
            return moved + confirmThenAck(channel, unconfirmed, returned);
        });
    }

    /** Deletes the exchanges and queues with their messages: for tests and decommissioning only. */
    public void deleteTopology() {
        withChannel(channel -> {
            topology.delete(channel);
            return null;
        });
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

    private int confirmThenAck(Channel channel, List<Long> unconfirmed, AtomicReference<String> returned)
            throws IOException, InterruptedException, TimeoutException {
        if (unconfirmed.isEmpty()) {
            return 0;
        }
        channel.waitForConfirmsOrDie(config.confirmTimeout().toMillis());
        if (returned.get() != null) {
            throw new IOException("replayed message was unroutable: " + returned.get());
        }
        for (long tag : unconfirmed) {
            channel.basicAck(tag, false);
        }
        int moved = unconfirmed.size();
        unconfirmed.clear();
        return moved;
    }

    private DeadLetter deadLetter(GetResponse response) {
        Map<String, Object> headers = response.getProps().getHeaders();
        Optional<Command> command;
        try {
            command = Optional.of(CommandCodec.decode(response.getBody()));
        } catch (CommandCodec.UndecodableCommandException e) {
            command = Optional.empty();
        }
        return new DeadLetter(command, header(headers, "x-first-death-reason"), header(headers, "x-first-death-queue"),
                response.getBody().length);
    }

    private static String header(Map<String, Object> headers, String name) {
        Object value = headers == null ? null : headers.get(name);
        return value instanceof LongString || value instanceof String ? value.toString() : "";
    }

    private void ensureReady() {
        if (closed) {
            throw new DependencyUnavailableException(DEPENDENCY, "the queue is closed", null);
        }
        String blocked = blockedBecause.get();
        if (blocked != null) {
            throw new DependencyUnavailableException(DEPENDENCY, "the broker blocks publishers: " + blocked, null);
        }
        if (!connection.isOpen()) {
            throw new DependencyUnavailableException(DEPENDENCY, "not connected (recovering)", null);
        }
    }

    @FunctionalInterface
    private interface ChannelWork<T> {
        T run(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    /** Runs admin work on a short-lived channel of the calling thread; maps failures to the port's exception. */
    private <T> T withChannel(ChannelWork<T> work) {
        Channel channel = null;
        try {
            channel = connection.createChannel();
            if (channel == null) {
                throw new IOException("no channel left on the connection");
            }
            return work.run(channel);
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal && !signal.isHardError()
                    && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == 406) {
                throw new IllegalStateException("RabbitMQ refused the declared topology (" + close.getReplyText()
                        + "); an exchange or queue exists with other arguments: migrate or delete it", e);
            }
            throw new DependencyUnavailableException(DEPENDENCY, e.getMessage() == null
                    ? String.valueOf(e.getCause()) : e.getMessage(), e);
        } catch (ShutdownSignalException | TimeoutException e) {
            throw new DependencyUnavailableException(DEPENDENCY, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException(DEPENDENCY, "interrupted", e);
        } finally {
            if (channel != null && channel.isOpen()) {
                try {
                    channel.close();
                } catch (IOException | TimeoutException | ShutdownSignalException e) {
                    LOG.debug("closing an admin channel failed", e);
                }
            }
        }
    }

    /** Logs connection events; {@code publishing} connections also track the broker's flow-control blocks. */
    private void watch(Connection watched, boolean publishing) {
        watched.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                LOG.warn("connection {} to {} lost: {}", watched.getClientProvidedName(), config.redactedUrl(),
                        cause.getMessage());
            }
        });
        if (watched instanceof RecoverableConnection recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    LOG.info("recovering connection {}", watched.getClientProvidedName());
                }

                @Override
                public void handleRecovery(Recoverable recovered) {
                    if (publishing) {
                        blockedBecause.set(null); // a new connection starts unblocked
                    }
                    LOG.info("connection {} recovered", watched.getClientProvidedName());
                }
            });
        }
        if (!publishing) {
            return;
        }
        watched.addBlockedListener(new BlockedListener() {
            @Override
            public void handleBlocked(String reason) {
                LOG.warn("broker blocks publishers on {}: {}", watched.getClientProvidedName(), reason);
                blockedBecause.set(reason);
            }

            @Override
            public void handleUnblocked() {
                LOG.info("broker unblocked {}", watched.getClientProvidedName());
                blockedBecause.set(null);
            }
        });
    }

    private static ConnectionFactory factory(RabbitConfig config) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(config.url());
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid RabbitMQ URL " + config.redactedUrl() + ": " + e.getMessage(),
                    e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        // Queues and exchanges are durable and consumers are re-created by their own threads, so the client only
        // restores connections and channels: a recovered consumer would feed a session its thread has given up.
        factory.setTopologyRecoveryEnabled(false);
        factory.setNetworkRecoveryInterval(config.recoveryInterval().toMillis());
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        factory.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        return factory;
    }

    private static Connection connectWithRetry(ConnectionFactory factory, RabbitConfig config, String name) {
        Duration backoff = config.connectBackoff();
        Exception last = null;
        for (int attempt = 1; attempt <= config.connectAttempts(); attempt++) {
            try {
                return factory.newConnection(name);
            } catch (PossibleAuthenticationFailureException e) {
                throw new DependencyUnavailableException(DEPENDENCY, "RabbitMQ at " + config.redactedUrl()
                        + " refused the credentials: " + e.getMessage(), e);
            } catch (IOException | TimeoutException e) {
                last = e;
                LOG.warn("connecting to {} failed (attempt {} of {}): {}", config.redactedUrl(), attempt,
                        config.connectAttempts(), e.getMessage());
            }
            if (attempt < config.connectAttempts()) {
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new DependencyUnavailableException(DEPENDENCY, "cannot connect to " + config.redactedUrl() + " after "
                + config.connectAttempts() + " attempts: " + (last == null ? "interrupted" : last.getMessage()), last);
    }
}
