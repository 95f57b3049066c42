package dev.chatservice.rabbitmq;

import com.rabbitmq.client.Connection;
import dev.chatservice.domain.port.CommandQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running subscription: its own connection, and one {@link ShardConsumer} thread per shard queue. */
final class RabbitSubscription implements CommandQueue.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitSubscription.class);
    /** How long close() waits for the batches in hand to finish. */
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(60);

    private final Connection connection;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final List<ShardConsumer> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<RabbitSubscription> onClose;

    RabbitSubscription(Connection connection, List<String> queues, CommandQueue.BatchHandler handler,
                       RabbitConfig config, ConsumerStats stats,
                       Consumer<RabbitSubscription> onClose) {
        this.connection = connection;
        this.onClose = onClose;
        for (String queue : queues) {
            ShardConsumer consumer = new ShardConsumer(connection, queue, handler, config, stopSignal, stats);
            Thread thread = new Thread(consumer, "rabbit-consumer-" + queue);
            thread.setDaemon(true);
            consumers.add(consumer);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Connected, and every shard thread alive. */
    boolean isReady() {
        return !closed.get() && connection.isOpen() && threads.stream().allMatch(Thread::isAlive);
    }

    /** Deliveries held by this subscription and not yet acknowledged. */
    long inHand() {
        return consumers.stream().mapToLong(ShardConsumer::inHand).sum();
    }

    /** Stops every consumer after the batch in hand, gives the rest back to the broker, then disconnects. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopSignal.countDown();
        long deadline = System.nanoTime() + CLOSE_PATIENCE.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                LOG.warn("{} still busy after {}; closing its connection under it", thread.getName(), CLOSE_PATIENCE);
            }
        }
        try {
            if (connection.isOpen()) {
                connection.close();
            } else {
                connection.abort(); // also stops a recovery in progress
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the consumer connection failed", e);
            connection.abort();
        }
        onClose.accept(this);
    }
}
