package dev.chatservice.domain.port;

import dev.chatservice.domain.command.Command;
import java.util.List;

/**
 * Carries accepted commands from HTTP nodes to workers, durably and in order per chat.
 */
public interface CommandQueue {

    /**
     * Returns only once the command is durable, so a caller may then promise the client it will be applied.
     *
     * @throws DependencyUnavailableException if durability cannot be confirmed; the command may or may not
     *                                        be applied, so the client must retry (with its Idempotency-Key)
     */
    void publish(Command command);

    /**
     * Delivers commands to {@code handler} in batches until the subscription is closed. Commands of one chat
     * arrive in publish order. A batch is acknowledged when the handler returns; if it throws, the batch is
     * delivered again later, and a command delivered too many times goes to a dead-letter queue.
     */
    Subscription subscribe(BatchHandler handler);

    /** Receives one batch of commands; may see a command again after a crash, so it must be idempotent. */
    @FunctionalInterface
    interface BatchHandler {
        void handle(List<Command> batch) throws Exception;
    }

    /** A running consumer; closing it stops deliveries after the batch in hand. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
