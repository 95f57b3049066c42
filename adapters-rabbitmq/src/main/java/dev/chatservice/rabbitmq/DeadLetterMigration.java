package dev.chatservice.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares the dead-letter queue as a replicated quorum queue, turning the classic one of earlier versions into
 * it under the same name, without losing a letter:
 * <ol>
 *   <li>a holding quorum queue is bound to the dead-letter exchange, and the classic queue unbound from it, so
 *       new dead letters land in the holding queue;</li>
 *   <li>the classic queue's letters move to the holding queue, each acknowledged only once the broker confirmed
 *       its copy; the classic queue is then deleted, only if empty;</li>
 *   <li>the quorum queue is declared under the old name and bound; the holding queue's letters move into it, and
 *       the holding queue is unbound and deleted, only if empty.</li>
 * </ol>
 * Shards dead-letter at least once, so a letter dead-lettered while no queue is bound waits in its shard. Every
 * step is idempotent and safe with several nodes starting at once (each letter is taken by one of them); a crash
 * leaves at worst a letter copied twice, which the idempotent processor absorbs on replay, and a holding queue
 * that the next start empties. A node of an earlier version started meanwhile binds a classic queue again; the
 * next start of this version moves it again.
 */
final class DeadLetterMigration {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterMigration.class);
    private static final int CONFIRM_EVERY = 100;
    private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

    private final Topology topology;
    private final Connection connection;

    DeadLetterMigration(Topology topology, Connection connection) {
        this.topology = topology;
        this.connection = connection;
    }

    void declare() {
        String queue = topology.deadLetterQueue();
        String holding = topology.deadLetterHoldingQueue();
        try {
            declareBound(queue);
        } catch (IllegalStateException e) {
            if (!AdminChannel.inequivalent(e, "x-queue-type")) {
                throw e;
            }
            LOG.warn("dead-letter queue {} is a classic queue of an earlier version; moving it to a quorum queue",
                    queue);
            declareBound(holding);
            AdminChannel.run(connection, channel -> {
                channel.queueUnbind(queue, topology.deadLetterExchange(), "");
                return null;
            });
            int moved = move(queue, holding);
            AdminChannel.run(connection, channel -> channel.queueDelete(queue, false, true)); // classic: if empty
            LOG.info("moved {} dead letters out of the classic queue {}", moved, queue);
            declareBound(queue);
        }
        if (exists(holding)) {
            int moved = move(holding, queue);
            AdminChannel.run(connection, channel -> {
                channel.queueUnbind(holding, topology.deadLetterExchange(), "");
                return null;
            });
            moved += move(holding, queue); // letters that arrived before the unbinding
            deleteHolding(holding);
            LOG.info("moved {} dead letters into the quorum queue {}", moved, queue);
        }
    }

    private void declareBound(String queue) {
        AdminChannel.run(connection, channel -> {
            channel.queueDeclare(queue, true, false, false, topology.deadLetterArguments());
            channel.queueBind(queue, topology.deadLetterExchange(), "");
            return null;
        });
    }

    private boolean exists(String queue) {
        return AdminChannel.run(connection, channel -> {
            try {
                channel.queueDeclarePassive(queue);
                return true;
            } catch (IOException e) {
                if (e.getCause() instanceof ShutdownSignalException signal
                        && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * Deletes the unbound holding queue if it answers empty (quorum queues refuse the if-empty flag); else fails
     * as unavailable, and the next attempt to connect moves what is left.
     */
    private void deleteHolding(String holding) {
        AdminChannel.run(connection, channel -> {
            if (channel.basicGet(holding, false) != null) {
                throw new IOException("holding queue " + holding + " is not empty yet; the next start moves it");
            }
            channel.queueDelete(holding);
            return null;
        });
    }

    /** Moves every message of {@code from} to {@code to}, each acknowledged once its copy is confirmed. */
    private int move(String from, String to) {
        return AdminChannel.run(connection, channel -> {
            channel.confirmSelect();
            AtomicReference<String> returned = new AtomicReference<>();
            channel.addReturnListener(r -> returned.set(r.getReplyText()));
            List<Long> unconfirmed = new ArrayList<>();
            int moved = 0;
            GetResponse response;
            while ((response = channel.basicGet(from, false)) != null) {
                channel.basicPublish("", to, true, response.getProps(), response.getBody());
                unconfirmed.add(response.getEnvelope().getDeliveryTag());
                if (unconfirmed.size() >= CONFIRM_EVERY) {
                    moved += confirmThenAck(channel, unconfirmed, returned, to);
                }
            }
            return moved + confirmThenAck(channel, unconfirmed, returned, to);
        });
    }

    private static int confirmThenAck(Channel channel, List<Long> unconfirmed, AtomicReference<String> returned,
                                      String to) throws IOException, InterruptedException, TimeoutException {
        if (unconfirmed.isEmpty()) {
            return 0;
        }
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
        if (returned.get() != null) {
            throw new IOException("moving dead letters to " + to + " failed: " + returned.get());
        }
        for (long tag : unconfirmed) {
            channel.basicAck(tag, false);
        }
        int moved = unconfirmed.size();
        unconfirmed.clear();
        return moved;
    }
}
