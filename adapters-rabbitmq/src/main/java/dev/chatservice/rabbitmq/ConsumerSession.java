package dev.chatservice.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's consumer of a shard queue. The client's dispatch thread only appends deliveries to the inbox;
 * the shard's own thread does everything else with the channel, which so never has two users.
 */
final class ConsumerSession extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerSession.class);

    final Channel channel;
    final LinkedBlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
    volatile boolean dead;
    volatile String deathReason;

    ConsumerSession(Channel channel) {
        super(channel);
        this.channel = channel;
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
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

    @FunctionalInterface
    interface ChannelAction {
        void run() throws IOException;
    }

    /** Runs an ack or reject; false if the channel is gone, in which case the session is dead. */
    boolean settle(ChannelAction action) {
        try {
            action.run();
            return !dead;
        } catch (IOException | ShutdownSignalException e) {
            die("settling failed: " + e.getMessage());
            return false;
        }
    }

    /** A graceful close, which gives every message the channel still holds back to the queue, in order. */
    void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            abortQuietly(channel);
        }
    }

    static void abortQuietly(Channel channel) {
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
}
