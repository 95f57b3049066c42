package dev.chatservice.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.ShutdownSignalException;
import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.CommandQueue.BatchHandler;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Consumes one shard queue on one thread, which alone uses the shard's channel (see {@link ConsumerSession}).
 * Commands are handed to the handler in batches, in delivery order, and acknowledged ({@code multiple=true} on
 * the last tag) only after the handler returned.
 *
 * <p>A failed batch is never given back to the broker with {@code basic.nack requeue=true}: on RabbitMQ 3.10 a
 * quorum queue requeues more than 32 messages of one nack in hash order, not delivery order, and messages this
 * consumer already holds beyond the batch would overtake the requeued ones. The batch stays unacknowledged here
 * instead and is retried as {@link BatchRetry} decides; a command that fails alone too often is rejected with
 * {@code basic.reject requeue=false}, which the queue dead-letters.
 *
 * <p>Messages go back to the broker only when the channel closes (shutdown, crash, lost connection). The broker
 * then returns every message the channel held, in delivery order (checked on 3.10.8), before any other
 * consumer, so a chat stays in order across workers; it also counts that return towards the queue's
 * {@code x-delivery-limit}, which so bounds crash loops.
 */
final class ShardConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);
    private static final long POLL_MILLIS = 100;

    private final Connection connection;
    private final String queue;
    private final BatchHandler handler;
    private final RabbitConfig config;
    private final CountDownLatch stopSignal;
    private final ConsumerStats stats;
    private final BatchRetry retry;
    private final ArrayDeque<HeldCommand> held = new ArrayDeque<>();
    private volatile int heldCount;
    private volatile ConsumerSession session;
    private long heldSince;

    ShardConsumer(Connection connection, String queue, BatchHandler handler, RabbitConfig config,
                  CountDownLatch stopSignal, ConsumerStats stats) {
        this.connection = connection;
        this.queue = queue;
        this.handler = handler;
        this.config = config;
        this.stopSignal = stopSignal;
        this.stats = stats;
        this.retry = new BatchRetry(config, queue);
    }

    /** Deliveries this consumer holds and has not settled yet. */
    int inHand() {
        ConsumerSession current = session;
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
        ConsumerSession current = session;
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
            ConsumerSession opened = new ConsumerSession(channel);
            channel.addShutdownListener(cause -> opened.die(cause.getMessage()));
            channel.basicConsume(queue, false, opened);
            session = opened;
            return true;
        } catch (IOException | ShutdownSignalException e) {
            LOG.warn("cannot consume {}: {}", queue, e.getMessage());
            ConsumerSession.abortQuietly(channel);
            return false;
        }
    }

    /** Forgets the session and what it delivered: the broker hands those messages out again, in order. */
    private void dropSession() {
        ConsumerSession current = session;
        session = null;
        forgetHeld();
        retry.reset();
        if (current != null) {
            ConsumerSession.abortQuietly(current.channel);
        }
    }

    /** On shutdown: a graceful close gives every message still held back to the queue, in order. */
    private void closeSession() {
        ConsumerSession current = session;
        session = null;
        forgetHeld();
        if (current != null) {
            current.close();
        }
    }

    private void forgetHeld() {
        held.clear();
        heldCount = 0;
    }

    /** Moves deliveries into {@link #held} until the batch is full or its first command waited long enough. */
    private boolean gather(ConsumerSession current) throws InterruptedException {
        int batchCap = retry.batchCap();
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

    private void accept(ConsumerSession current, Delivery delivery) {
        long tag = delivery.getEnvelope().getDeliveryTag();
        if (delivery.getEnvelope().isRedeliver()) {
            stats.redelivered.increment();
        }
        try {
            Object requestId = delivery.getProperties().getHeaders() == null ? null
                    : delivery.getProperties().getHeaders().get(ConfirmingPublisher.REQUEST_ID_HEADER);
            held.addLast(new HeldCommand(tag, CommandCodec.decode(delivery.getBody()),
                    requestId == null ? null : requestId.toString()));
            heldCount = held.size();
        } catch (CommandCodec.UndecodableCommandException e) {
            // Poison: retrying cannot help, so straight to the dead letters, never requeued.
            LOG.error("dead-lettering an undecodable message of {} bytes from {}: {}",
                    delivery.getBody().length, queue, e.getMessage());
            if (current.settle(() -> current.channel.basicReject(tag, false))) {
                stats.deadLettered.increment();
            }
        }
    }

    private void handleHeadBatch(ConsumerSession current) throws InterruptedException {
        int size = Math.min(retry.batchCap(), held.size());
        List<HeldCommand> batch = new ArrayList<>(size);
        List<Command> commands = new ArrayList<>(size);
        Iterator<HeldCommand> iterator = held.iterator();
        for (int i = 0; i < size; i++) {
            HeldCommand next = iterator.next();
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
        if (!current.settle(() -> current.channel.basicAck(lastTag, true))) {
            return; // the broker hands the batch out again; the handler is idempotent
        }
        for (int i = 0; i < size; i++) {
            held.removeFirst();
        }
        heldCount = held.size();
        LOG.atInfo().addKeyValue("queue", queue).addKeyValue("size", size)
                .addKeyValue("duration_ms", (System.nanoTime() - started) / 1_000_000)
                .addKeyValue("request_ids", requestIds(batch)).log("batch applied");
        retry.succeeded();
    }

    /** The distinct request ids of a batch, capped so that a log line stays small. */
    private static String requestIds(List<HeldCommand> batch) {
        return batch.stream().map(h -> h.requestId).filter(Objects::nonNull).distinct().limit(50)
                .collect(Collectors.joining(","));
    }

    private void onFailure(ConsumerSession current, List<HeldCommand> batch, Throwable failure)
            throws InterruptedException {
        if (stopping()) {
            LOG.info("batch of {} from {} failed during shutdown; the broker keeps it", batch.size(), queue);
            return;
        }
        stats.retried.increment();
        OptionalLong pause = retry.afterFailure(batch, failure);
        if (pause.isPresent()) {
            pause(pause.getAsLong());
            return;
        }
        HeldCommand alone = batch.get(0);
        LOG.error("dead-lettering command {} of chat {} from {} after {} failed attempts",
                alone.command.getClass().getSimpleName(), alone.command.chat(), queue, alone.failures, failure);
        if (current.settle(() -> current.channel.basicReject(alone.tag, false))) {
            held.removeFirst();
            heldCount = held.size();
            stats.deadLettered.increment();
            retry.reset();
        }
    }

    private boolean stopping() {
        return stopSignal.getCount() == 0;
    }

    private void pause(long millis) throws InterruptedException {
        stopSignal.await(millis, TimeUnit.MILLISECONDS);
    }
}
