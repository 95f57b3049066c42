package dev.chatservice.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.CommandQueue.BatchHandler;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Consumes one shard queue on one thread, which alone uses the shard's channel: the client's dispatch thread
 * only appends deliveries to an in-memory inbox. Commands are handed to the handler in batches, in delivery
 * order, and acknowledged ({@code multiple=true} on the last tag) only after the handler returned.
 *
 * <p>A failed batch is never given back to the broker with {@code basic.nack requeue=true}: on RabbitMQ 3.10 a
 * quorum queue requeues more than 32 messages of one nack in hash order, not delivery order, and messages this
 * consumer already holds beyond the batch would overtake the requeued ones. The batch stays unacknowledged here
 * instead and is handed to the handler again:
 * <ul>
 *   <li>{@link DependencyUnavailableException} (database or index down): the same batch again after an
 *       exponential backoff, for as long as it takes; nothing is counted against the commands.</li>
 *   <li>any other failure of a batch of several commands: its first half is tried next, and so on, until the
 *       failing command is alone, so one bad command never takes healthy ones to the dead letters.</li>
 *   <li>a command failing alone {@code maxAttempts} times: {@code basic.reject requeue=false}, which the queue
 *       dead-letters; the commands behind it follow in order.</li>
 * </ul>
 * Messages go back to the broker only when the channel closes (shutdown, crash, lost connection). The broker
 * then returns every message the channel held, in delivery order (checked on 3.10.8), before any other
 * consumer, so a chat stays in order across workers; it also counts that return towards the queue's
 * {@code x-delivery-limit}, which so bounds crash loops.
 */
final class ShardConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);
    private static final long POLL_MILLIS = 100;
    private static final long BISECT_PAUSE_MILLIS = 10;
    private static final long FIRST_BACKOFF_MILLIS = 50;

    private final Connection connection;
    private final String queue;
    private final BatchHandler handler;
    private final RabbitConfig config;
    private final CountDownLatch stopSignal;
    private final ConsumerStats stats;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private volatile int heldCount;
    private volatile Session session;
    private int batchCap;
    private long heldSince;
    private int transientFailures;

    ShardConsumer(Connection connection, String queue, BatchHandler handler, RabbitConfig config,
                  CountDownLatch stopSignal, ConsumerStats stats) {
        this.connection = connection;
        this.queue = queue;
        this.handler = handler;
        this.config = config;
        this.stopSignal = stopSignal;
        this.stats = stats;
        this.batchCap = config.maxBatch();
    }

    /** Deliveries this consumer holds and has not settled yet. */
    int inHand() {
        Session current = session;
        return heldCount + (current == null ? 0 : current.inbox.size());
    }

    @Override
    public void run() {
        try {
            while (!stopping()) {
                try {
                    step();
                } catch (RuntimeException e) {
                    LOG.error("consumer of {} failed unexpectedly; reopening its channel", queue, e);
                    dropSession();
                    pause(config.recoveryInterval().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSession();
        }
    }

    private void step() throws InterruptedException {
        Session current = session;
        if (current == null || current.dead) {
            if (current != null) {
                LOG.warn("channel of {} closed ({}); reopening it", queue, current.deathReason);
            }
            dropSession();
            if (!openSession()) {
                pause(config.recoveryInterval().toMillis());
            }
            return;
        }
        if (gather(current) && !current.dead && !stopping()) {
            handleHeadBatch(current);
        }
    }

    private boolean openSession() {
        if (!connection.isOpen()) {
            return false;
        }
        Channel channel = null;
        try {
            channel = connection.createChannel();
            if (channel == null) {
                LOG.warn("no channel left on the connection for {}", queue);
                return false;
            }
            channel.basicQos(config.prefetch());
            Session opened = new Session(channel);
            channel.addShutdownListener(cause -> opened.die(cause.getMessage()));
            channel.basicConsume(queue, false, opened);
            session = opened;
            return true;
        } catch (IOException | ShutdownSignalException e) {
            LOG.warn("cannot consume {}: {}", queue, e.getMessage());
            abortQuietly(channel);
            return false;
        }
    }

    /** Forgets the session and what it delivered: the broker hands those messages out again, in order. */
    private void dropSession() {
        Session current = session;
        session = null;
        held.clear();
        heldCount = 0;
        batchCap = config.maxBatch();
        if (current != null) {
            abortQuietly(current.channel);
        }
    }

    /** On shutdown: a graceful close gives every message still held back to the queue, in order. */
    private void closeSession() {
        Session current = session;
        session = null;
        held.clear();
        heldCount = 0;
        if (current == null) {
            return;
        }
        try {
            if (current.channel.isOpen()) {
                current.channel.close();
            }
        } catch (IOException | java.util.concurrent.TimeoutException | ShutdownSignalException e) {
            abortQuietly(current.channel);
        }
    }

    /** Moves deliveries into {@link #held} until the batch is full or its first command waited long enough. */
    private boolean gather(Session current) throws InterruptedException {
        if (held.size() >= batchCap) {
            return true;
        }
        if (held.isEmpty()) {
            Delivery first = current.inbox.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (first == null) {
                return false;
            }
            heldSince = System.nanoTime();
            accept(current, first);
        }
        long deadline = heldSince + config.maxBatchWait().toNanos();
        while (held.size() < batchCap && !current.dead) {
            Delivery next = current.inbox.poll();
            if (next == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (next = current.inbox.poll(left, TimeUnit.NANOSECONDS)) == null) {
                    break;
                }
            }
            accept(current, next);
        }
        return !held.isEmpty();
    }

    private void accept(Session current, Delivery delivery) {
        long tag = delivery.getEnvelope().getDeliveryTag();
        if (delivery.getEnvelope().isRedeliver()) {
            stats.redelivered.increment();
        }
        try {
            Object requestId = delivery.getProperties().getHeaders() == null ? null
                    : delivery.getProperties().getHeaders().get(ConfirmingPublisher.REQUEST_ID_HEADER);
            held.addLast(new Held(tag, CommandCodec.decode(delivery.getBody()),
                    requestId == null ? null : requestId.toString()));
            heldCount = held.size();
        } catch (CommandCodec.UndecodableCommandException e) {
            // Poison: retrying cannot help, so straight to the dead letters, never requeued.
            LOG.error("dead-lettering an undecodable message of {} bytes from {}: {}",
                    delivery.getBody().length, queue, e.getMessage());
            if (settle(current, () -> current.channel.basicReject(tag, false))) {
                stats.deadLettered.increment();
            }
        }
    }

    private void handleHeadBatch(Session current) throws InterruptedException {
        int size = Math.min(batchCap, held.size());
        List<Held> batch = new ArrayList<>(size);
        List<Command> commands = new ArrayList<>(size);
        Iterator<Held> iterator = held.iterator();
        for (int i = 0; i < size; i++) {
            Held next = iterator.next();
            batch.add(next);
            commands.add(next.command);
        }
        long started = System.nanoTime();
        MDC.put("request_ids", requestIds(batch));
        try {
            handler.handle(List.copyOf(commands));
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            onFailure(current, batch, e);
            return;
        } finally {
            MDC.remove("request_ids");
        }
        long lastTag = batch.get(size - 1).tag;
        if (!settle(current, () -> current.channel.basicAck(lastTag, true))) {
            return; // the broker hands the batch out again; the handler is idempotent
        }
        for (int i = 0; i < size; i++) {
            held.removeFirst();
        }
        heldCount = held.size();
        LOG.atInfo().addKeyValue("queue", queue).addKeyValue("size", size)
                .addKeyValue("duration_ms", (System.nanoTime() - started) / 1_000_000)
                .addKeyValue("request_ids", requestIds(batch)).log("batch applied");
        transientFailures = 0;
        batchCap = (int) Math.min(config.maxBatch(), 2L * batchCap);
    }

    /** The distinct request ids of a batch, capped so that a log line stays small. */
    private static String requestIds(List<Held> batch) {
        return batch.stream().map(h -> h.requestId).filter(java.util.Objects::nonNull).distinct().limit(50)
                .collect(java.util.stream.Collectors.joining(","));
    }

    private void onFailure(Session current, List<Held> batch, Throwable failure) throws InterruptedException {
        if (stopping()) {
            LOG.info("batch of {} from {} failed during shutdown; the broker keeps it", batch.size(), queue);
            return;
        }
        stats.retried.increment();
        if (failure instanceof DependencyUnavailableException) {
            long backoff = backoff(++transientFailures);
            LOG.warn("batch of {} from {} failed, retrying the same batch in {} ms (not counted as an attempt): {}",
                    batch.size(), queue, backoff, failure.getMessage());
            pause(backoff);
            return;
        }
        if (batch.size() > 1) {
            batchCap = Math.max(1, batch.size() / 2);
            LOG.warn("batch of {} from {} failed; retrying its first {} commands to isolate the failing one: {}",
                    batch.size(), queue, batchCap, failure.toString());
            pause(BISECT_PAUSE_MILLIS);
            return;
        }
        Held alone = batch.get(0);
        alone.failures++;
        if (alone.failures < config.maxAttempts()) {
            long backoff = backoff(alone.failures);
            // The stack trace once per command is enough.
            LOG.warn("command {} of chat {} from {} failed (attempt {} of {}); retrying in {} ms: {}",
                    alone.command.getClass().getSimpleName(), alone.command.chat(), queue, alone.failures,
                    config.maxAttempts(), backoff, failure.toString(), alone.failures == 1 ? failure : null);
            pause(backoff);
            return;
        }
        LOG.error("dead-lettering command {} of chat {} from {} after {} failed attempts",
                alone.command.getClass().getSimpleName(), alone.command.chat(), queue, alone.failures, failure);
        if (settle(current, () -> current.channel.basicReject(alone.tag, false))) {
            held.removeFirst();
            heldCount = held.size();
            stats.deadLettered.increment();
            batchCap = config.maxBatch();
        }
    }

    /** Runs an ack or reject; false if the channel is gone, in which case the session is dropped. */
    private boolean settle(Session current, ChannelAction action) {
        try {
            action.run();
            return !current.dead;
        } catch (IOException | ShutdownSignalException e) {
            current.die("settling failed: " + e.getMessage());
            return false;
        }
    }

    private long backoff(int failures) {
        long millis = FIRST_BACKOFF_MILLIS << Math.min(failures - 1, 20);
        return Math.min(millis, config.maxRetryBackoff().toMillis());
    }

    private boolean stopping() {
        return stopSignal.getCount() == 0;
    }

    private void pause(long millis) throws InterruptedException {
        stopSignal.await(millis, TimeUnit.MILLISECONDS);
    }

    private static void abortQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            // Also takes the channel out of the client's automatic recovery.
            channel.abort();
        } catch (IOException | RuntimeException e) {
            LOG.debug("aborting a consumer channel failed", e);
        }
    }

    @FunctionalInterface
    private interface ChannelAction {
        void run() throws IOException;
    }

    /** A delivered command and how often it failed alone in a batch. */
    private static final class Held {
        final long tag;
        final Command command;
        final String requestId;
        int failures;

        Held(long tag, Command command, String requestId) {
            this.tag = tag;
            this.command = command;
            this.requestId = requestId;
        }
    }

    /** One channel's consumer: the dispatch thread only queues deliveries; the shard thread does the rest. */
    private static final class Session extends DefaultConsumer {
        final Channel channel;
        final LinkedBlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
        volatile boolean dead;
        volatile String deathReason;

        Session(Channel channel) {
            super(channel);
            this.channel = channel;
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                   byte[] body) {
            inbox.add(new Delivery(envelope, properties, body));
        }

        @Override
        public void handleCancel(String consumerTag) {
            die("the broker cancelled the consumer (queue deleted?)");
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
            die(signal.getMessage());
        }

        void die(String reason) {
            if (!dead) {
                deathReason = reason;
                dead = true;
            }
        }
    }
}
