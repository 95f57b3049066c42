package dev.chatservice.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import dev.chatservice.domain.command.Command;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operators' view of a {@link RabbitCommandQueue}'s dead-letter queue: what is in it, and putting it back.
 * Works on the queue's publishing connection, so it needs no connection of its own and ends with the queue.
 */
public final class RabbitDeadLetters {
    private static final int LIST_LIMIT = 1_000;
    private static final int REPLAY_CONFIRM_EVERY = 100;

    private final Connection connection;
    private final Topology topology;
    private final ShardRouter router;
    private final Duration confirmTimeout;

    public RabbitDeadLetters(RabbitCommandQueue queue) {
        this.connection = queue.connection();
        this.topology = queue.topology();
        this.router = new ShardRouter(queue.config().shards());
        this.confirmTimeout = queue.config().confirmTimeout();
    }

    /** The decodable commands among the first 1,000 dead letters, oldest first; see {@link #peek}. */
    public List<Command> list() {
        return peek(LIST_LIMIT).stream().flatMap(letter -> letter.command().stream()).toList();
    }

    /**
     * Up to {@code limit} dead letters, oldest first, without removing them: each is fetched unacknowledged and
     * then requeued, which puts it back in its place (the quorum queue serves returned messages first); every
     * peek counts as a delivery, which the queue's very high delivery limit absorbs.
     */
    public List<DeadLetter> peek(int limit) {
        // Fetched until the queue answers empty: a quorum queue's message count lags behind its contents.
        return AdminChannel.run(connection, channel -> {
            List<DeadLetter> letters = new ArrayList<>();
            long lastTag = -1;
            for (int i = 0; i < limit; i++) {
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
    public int replay() {
        return AdminChannel.run(connection, channel -> {
            channel.confirmSelect();
            AtomicReference<String> returned = new AtomicReference<>();
            channel.addReturnListener(r -> returned.set(r.getReplyText() + " for routing key " + r.getRoutingKey()));
            List<Long> unconfirmed = new ArrayList<>();
            int moved = 0;
            // Until the queue answers empty (undecodable letters stay unacknowledged, so they are not fetched
            // again): a quorum queue's message count lags behind its contents.
            GetResponse response;
            while ((response = channel.basicGet(topology.deadLetterQueue(), false)) != null) {
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

    private int confirmThenAck(Channel channel, List<Long> unconfirmed, AtomicReference<String> returned)
            throws IOException, InterruptedException, TimeoutException {
        if (unconfirmed.isEmpty()) {
            return 0;
        }
        channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
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

    private static DeadLetter deadLetter(GetResponse response) {
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
}
