package dev.chatservice.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Publishes with publisher confirms grouped across concurrent callers.
 *
 * <p>A small pool of confirm-mode channels is shared by all callers, each channel lent to one thread at a time.
 * A caller borrows a channel, publishes (mandatory, persistent), and gives the channel back <em>before</em>
 * waiting for its confirm; so while it waits, other callers publish on the same channel, and the broker
 * acknowledges all of them with one {@code basic.ack multiple=true}. The {@link ConfirmListener} completes each
 * caller's future by sequence number, honouring {@code multiple}; a {@code basic.return} (unroutable), a
 * {@code basic.nack}, a closed channel or the timeout fail it instead.
 */
final class ConfirmingPublisher implements AutoCloseable {
    /** The MDC key the HTTP layer keeps the request id under, and the message header that carries it. */
    static final String REQUEST_ID = "request_id";
    static final String REQUEST_ID_HEADER = "x-request-id";
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmingPublisher.class);
    private static final String DEPENDENCY = "rabbitmq";

    private final Connection connection;
    private final Duration confirmTimeout;
    private final ArrayBlockingQueue<Slot> idle;
    private final List<Slot> slots = new ArrayList<>();
    private final LongAdder confirmCallbacks = new LongAdder();
    private final LongAdder confirmed = new LongAdder();
    private volatile boolean closed;

    ConfirmingPublisher(Connection connection, int channels, Duration confirmTimeout) {
        this.connection = connection;
        this.confirmTimeout = confirmTimeout;
        this.idle = new ArrayBlockingQueue<>(channels);
        for (int i = 0; i < channels; i++) {
            Slot slot = new Slot();
            slots.add(slot);
            idle.add(slot);
        }
    }

    /** Returns once the broker confirmed the message, or throws {@link DependencyUnavailableException}. */
    void publish(String exchange, String routingKey, byte[] body) {
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        Slot slot = borrow();
        PublisherChannel publisher = null;
        long seq = -1;
        CompletableFuture<Void> confirm = new CompletableFuture<>();
        try {
            if (closed) {
                throw unavailable("the queue is closed", null);
            }
            publisher = slot.open();
            seq = publisher.channel.getNextPublishSeqNo();
            publisher.outstanding.put(seq, confirm);
            String requestId = MDC.get(REQUEST_ID);
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .deliveryMode(2)
                    .correlationId(Long.toString(seq))
                    // The HTTP request's id travels with the command, so worker logs can name it.
                    .headers(requestId == null ? null : Map.of(REQUEST_ID_HEADER, requestId))
                    .build();
            publisher.channel.basicPublish(exchange, routingKey, true, properties, body);
            ShutdownSignalException closedBy = publisher.closedBy;
            if (closedBy != null) {
                // Closed while we published: the outcome is unknown, so the caller must retry.
                confirm.completeExceptionally(new Refused("channel closed: " + closedBy.getMessage(), closedBy));
            }
        } catch (IOException | ShutdownSignalException e) {
            // AlreadyClosedException is a ShutdownSignalException: the connection is down or recovering.
            if (publisher != null) {
                publisher.outstanding.remove(seq);
            }
            slot.discard(e);
            throw unavailable("publish failed: " + e.getMessage(), e);
        } finally {
            idle.add(slot);
        }
        await(confirm, publisher, seq, deadline);
    }

    /** How many confirm callbacks (ack or nack, single or multiple) the broker sent. */
    long confirmCallbacks() {
        return confirmCallbacks.sum();
    }

    /** How many publishes the broker confirmed. */
    long confirmed() {
        return confirmed.sum();
    }

    /** Closes the idle channels, waiting briefly for borrowed ones: a channel is never touched by two threads. */
    @Override
    public void close() {
        closed = true;
        try {
            for (int i = 0; i < slots.size(); i++) {
                Slot slot = idle.poll(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (slot == null) {
                    return; // still borrowed: closing the connection closes its channel
                }
                slot.discard(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Slot borrow() {
        try {
            Slot slot = idle.poll(confirmTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (slot == null) {
                throw unavailable("no publisher channel came free within " + confirmTimeout.toMillis() + " ms", null);
            }
            return slot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for a publisher channel", e);
        }
    }

    private static void await(CompletableFuture<Void> confirm, PublisherChannel publisher, long seq, long deadline) {
        try {
            confirm.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            publisher.outstanding.remove(seq);
            throw unavailable("the broker did not confirm the publish in time", e);
        } catch (InterruptedException e) {
            publisher.outstanding.remove(seq);
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the publish confirm", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Refused refused) {
                throw unavailable(refused.getMessage(), refused.getCause());
            }
            throw unavailable("publish failed: " + cause, cause);
        }
    }

    /** Why a publish was not confirmed; the waiting caller turns it into its own exception. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private static DependencyUnavailableException unavailable(String message, Throwable cause) {
        return new DependencyUnavailableException(DEPENDENCY, message, cause);
    }

    /** A place in the pool; whoever borrowed it owns its channel, and replaces the channel when it died. */
    private final class Slot {
        private PublisherChannel current;

        PublisherChannel open() throws IOException {
            PublisherChannel publisher = current;
            if (publisher != null && publisher.closedBy == null && publisher.channel.isOpen()) {
                return publisher;
            }
            discard(null);
            Channel channel = connection.createChannel();
            if (channel == null) {
                throw new IOException("the broker has no channel left for this connection (channel_max)");
            }
            publisher = new PublisherChannel(channel);
            channel.confirmSelect();
            channel.addConfirmListener(publisher);
            channel.addReturnListener(publisher);
            channel.addShutdownListener(publisher);
            current = publisher;
            return publisher;
        }

        /**
         * Forgets the channel, failing what it still waits for. Aborting also takes it out of the client's
         * automatic recovery: a recovered channel restarts its sequence numbers, so a fresh one is made instead.
         */
        void discard(Exception cause) {
            PublisherChannel publisher = current;
            current = null;
            if (publisher == null) {
                return;
            }
            publisher.failAll(cause == null ? "channel discarded" : "channel failed: " + cause.getMessage(), cause);
            try {
                publisher.channel.abort();
            } catch (IOException | RuntimeException e) {
                LOG.debug("aborting a publisher channel failed", e);
            }
        }
    }

    /** One confirm-mode channel and the futures of its publishes not yet confirmed. */
    private final class PublisherChannel implements ConfirmListener, ReturnListener, ShutdownListener {
        final Channel channel;
        final ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding = new ConcurrentSkipListMap<>();
        volatile ShutdownSignalException closedBy;

        PublisherChannel(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void handleAck(long seq, boolean multiple) {
            confirmCallbacks.increment();
            settle(seq, multiple, null);
        }

        @Override
        public void handleNack(long seq, boolean multiple) {
            confirmCallbacks.increment();
            settle(seq, multiple, "the broker refused the message (basic.nack)");
        }

        /** Comes before the ack of the same message, which then finds nothing left to complete. */
        @Override
        public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
                                 AMQP.BasicProperties properties, byte[] body) {
            String message = "unroutable message returned by the broker (" + replyCode + " " + replyText
                    + ", exchange '" + exchange + "', routing key '" + routingKey + "')";
            try {
                CompletableFuture<Void> confirm = outstanding.remove(Long.parseLong(properties.getCorrelationId()));
                if (confirm != null) {
                    confirm.completeExceptionally(new Refused(message, null));
                }
            } catch (NumberFormatException | NullPointerException e) {
                LOG.error("{}, and it cannot be matched to its publish", message);
            }
        }

        @Override
        public void shutdownCompleted(ShutdownSignalException cause) {
            closedBy = cause;
            failAll("channel closed: " + cause.getMessage(), cause);
        }

        void failAll(String message, Throwable cause) {
            for (Map.Entry<Long, CompletableFuture<Void>> entry; (entry = outstanding.pollFirstEntry()) != null; ) {
                entry.getValue().completeExceptionally(new Refused(message, cause));
            }
        }

        private void settle(long seq, boolean multiple, String failure) {
            if (multiple) {
                for (Map.Entry<Long, CompletableFuture<Void>> entry = outstanding.firstEntry();
                     entry != null && entry.getKey() <= seq; entry = outstanding.firstEntry()) {
                    if (outstanding.remove(entry.getKey(), entry.getValue())) {
                        complete(entry.getValue(), failure);
                    }
                }
            } else {
                CompletableFuture<Void> confirm = outstanding.remove(seq);
                if (confirm != null) {
                    complete(confirm, failure);
                }
            }
        }

        /** Only called with a future just removed from {@link #outstanding}, so by its single completer. */
        private void complete(CompletableFuture<Void> confirm, String failure) {
            if (failure == null) {
                confirmed.increment(); // before waking the caller, who may read the count at once
                confirm.complete(null);
            } else {
                confirm.completeExceptionally(new Refused(failure, null));
            }
        }
    }
}
