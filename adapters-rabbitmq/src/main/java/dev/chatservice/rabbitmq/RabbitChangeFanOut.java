package dev.chatservice.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoverableConnection;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChangeSignal;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change fan-out on RabbitMQ: workers publish to a durable fanout exchange, and each listening node consumes
 * a queue of its own that is transient on purpose (server-named, exclusive, auto-deleted), since the change
 * feed, not the broker, makes streams complete. Messages are not persistent and not confirmed: a lost signal
 * costs latency, never an event. A listener's queue dies with its connection; once the connection recovers, a
 * new queue is bound and the listener resyncs from the feed.
 */
public final class RabbitChangeFanOut implements ChangeFanOut, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitChangeFanOut.class);
    private static final AMQP.BasicProperties TRANSIENT = new AMQP.BasicProperties.Builder()
            .contentType("text/plain").deliveryMode(1).build();

    private final Connection connection;
    private final String exchange;
    /** Publishing and consuming channels are used under this instance's locks, never by two threads at once. */
    private final Object publishLock = new Object();
    private Channel publishChannel;
    private final Set<Listening> listenings = ConcurrentHashMap.newKeySet();
    /** Re-subscribes after a recovery on a thread of its own, off the client's recovery thread. */
    private final ExecutorService resubscriber = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "change-fan-out-resubscribe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;
    /** Why the broker blocks publishers now (a memory or disk alarm), or null. */
    private volatile String blockedBecause;

    private RabbitChangeFanOut(Connection connection, String exchange) {
        this.connection = connection;
        this.exchange = exchange;
        // A publish on a blocked connection waits until the alarm clears; a worker must not wait for a signal
        // the change feed makes redundant.
        connection.addBlockedListener(new BlockedListener() {
            @Override
            public void handleBlocked(String reason) {
                blockedBecause = reason;
            }

            @Override
            public void handleUnblocked() {
                blockedBecause = null;
            }
        });
    }

    /** The exchange's name under the config's prefix. */
    static String exchangeName(RabbitConfig config) {
        return (config.queuePrefix().isEmpty() ? "" : config.queuePrefix() + ".") + "chat.changes";
    }

    /**
     * Connects and declares the exchange.
     *
     * @throws DependencyUnavailableException if the broker cannot be reached after the configured attempts
     */
    public static RabbitChangeFanOut connect(RabbitConfig config) {
        Connection connection = new RabbitConnections(config).open("chat-service-changes");
        RabbitChangeFanOut fanOut = new RabbitChangeFanOut(connection, exchangeName(config));
        try {
            AdminChannel.run(connection, channel -> {
                channel.exchangeDeclare(fanOut.exchange, BuiltinExchangeType.FANOUT, true);
                return null;
            });
        } catch (RuntimeException e) {
            fanOut.close();
            throw e;
        }
        if (connection instanceof RecoverableConnection recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    fanOut.resubscribeAll();
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // Nothing to do until the connection is back.
                }
            });
        }
        return fanOut;
    }

    @Override
    public void publish(List<ChangeSignal> signals) {
        if (signals.isEmpty()) {
            return;
        }
        String blocked = blockedBecause;
        if (blocked != null) {
            throw new DependencyUnavailableException(RabbitConnections.DEPENDENCY,
                    "the broker blocks publishers (" + blocked + "); " + signals.size() + " change(s) not announced",
                    null);
        }
        byte[] body = SignalCodec.encode(signals);
        synchronized (publishLock) {
            try {
                if (publishChannel == null || !publishChannel.isOpen()) {
                    publishChannel = connection.createChannel();
                    if (publishChannel == null) {
                        throw new IOException("no channel left on the connection");
                    }
                }
                publishChannel.basicPublish(exchange, "", false, TRANSIENT, body);
            } catch (IOException | ShutdownSignalException e) {
                throw new DependencyUnavailableException(RabbitConnections.DEPENDENCY,
                        "cannot announce " + signals.size() + " change(s): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Binds a new queue of this node's to the exchange and consumes it; returns once signals published from now
     * on reach the listener, after its first {@code resync()}.
     *
     * @throws DependencyUnavailableException if the broker cannot set up the queue now
     */
    @Override
    public Subscription listen(ChangeListener listener) {
        if (closed) {
            throw new IllegalStateException("the fan-out is closed");
        }
        Listening listening = new Listening(listener);
        listenings.add(listening);
        try {
            listening.subscribe();
        } catch (RuntimeException e) {
            listenings.remove(listening);
            throw e;
        }
        return listening;
    }

    private void resubscribeAll() {
        if (closed) {
            return;
        }
        resubscriber.execute(() -> {
            for (Listening listening : listenings) {
                try {
                    listening.subscribe();
                } catch (RuntimeException e) {
                    // The next recovery tries again; until then the streams' own heartbeat checks fill gaps.
                    LOG.warn("re-subscribing a change listener failed: {}", e.getMessage());
                }
            }
        });
    }

    /** Whether the connection is up; a listener may be between queues while it recovers. */
    public boolean isReady() {
        return !closed && connection.isOpen();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        resubscriber.shutdownNow();
        listenings.forEach(Listening::close);
        try {
            if (connection.isOpen()) {
                connection.close();
            }
        } catch (IOException | ShutdownSignalException e) {
            connection.abort();
        }
    }

    /** One listener's queue and channel; replaced whole when the connection recovers. */
    private final class Listening implements Subscription {
        private final ChangeListener listener;
        /** Serializes the listener's calls: deliveries on the channel's thread, resyncs on another. */
        private final Object deliveryLock = new Object();
        private Channel channel;
        private boolean stopped;

        Listening(ChangeListener listener) {
            this.listener = listener;
        }

        synchronized void subscribe() {
            if (stopped) {
                return;
            }
            ConsumerSession.abortQuietly(channel);
            channel = null;
            try {
                Channel fresh = connection.createChannel();
                if (fresh == null) {
                    throw new IOException("no channel left on the connection");
                }
                fresh.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
                String queue = fresh.queueDeclare("", false, true, true, null).getQueue();
                fresh.queueBind(queue, exchange, "");
                fresh.basicConsume(queue, true, new Consumer(fresh, listener, deliveryLock));
                channel = fresh;
            } catch (IOException | ShutdownSignalException e) {
                throw new DependencyUnavailableException(RabbitConnections.DEPENDENCY,
                        "cannot listen for changes: " + e.getMessage(), e);
            }
            // After the consumer runs, so that nothing committed after the re-read can slip between the two.
            synchronized (deliveryLock) {
                listener.resync();
            }
        }

        @Override
        public synchronized void close() {
            if (stopped) {
                return;
            }
            stopped = true;
            listenings.remove(this);
            if (channel != null) {
                try {
                    if (channel.isOpen()) {
                        // Closing the channel cancels the consumer, and the broker deletes the queue.
                        channel.close();
                    }
                } catch (IOException | TimeoutException | ShutdownSignalException e) {
                    ConsumerSession.abortQuietly(channel);
                }
            }
        }
    }

    /** Runs on the client's dispatch thread of its channel, one delivery at a time. */
    private final class Consumer extends DefaultConsumer {
        private final ChangeListener listener;
        private final Object deliveryLock;

        Consumer(Channel channel, ChangeListener listener, Object deliveryLock) {
            super(channel);
            this.listener = listener;
            this.deliveryLock = deliveryLock;
        }

        @Override
        public void handleCancel(String consumerTag) {
            // The queue was deleted under the consumer (by an operator, say): bind a new one and resync.
            LOG.warn("the broker cancelled a change consumer; listening again");
            resubscribeAll();
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                   byte[] body) {
            List<ChangeSignal> signals;
            try {
                signals = SignalCodec.decode(body);
            } catch (IllegalArgumentException e) {
                LOG.warn("dropping a malformed change announcement: {}", e.getMessage());
                return;
            }
            // Serialized with resync(), which the re-subscribing thread may run at the same time.
            synchronized (deliveryLock) {
                for (ChangeSignal signal : signals) {
                    try {
                        listener.signal(signal);
                    } catch (RuntimeException e) {
                        LOG.warn("a change listener failed: {}", e.getMessage(), e);
                    }
                }
            }
        }
    }
}
