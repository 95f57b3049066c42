package dev.chatservice.rabbitmq;

import dev.chatservice.domain.command.Command;
import java.util.Objects;
import java.util.Optional;

/**
 * A message found in the dead-letter queue.
 *
 * @param command     the command, or empty if the message could not be decoded (poison)
 * @param reason      why the broker dead-lettered it: {@code rejected} (undecodable, or failed too often in the
 *                    handler) or {@code delivery_limit} (taken back from consumers too often)
 * @param sourceQueue the shard queue it came from
 * @param sizeBytes   the size of its body
 */
public record DeadLetter(Optional<Command> command, String reason, String sourceQueue, int sizeBytes) {
    public DeadLetter {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(sourceQueue, "sourceQueue");
    }
}
