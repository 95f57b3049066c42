package dev.chatservice.domain.command;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.model.Sender;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Persists a message whose number the allocator granted. */
public record CreateMessageCommand(MessageRef message, Optional<Sender> sender, MessageBody body, Instant acceptedAt)
        implements Command {
    public CreateMessageCommand {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }

    /** A message without a sender. */
    public CreateMessageCommand(MessageRef message, MessageBody body, Instant acceptedAt) {
        this(message, Optional.empty(), body, acceptedAt);
    }

    @Override
    public ChatRef chat() {
        return message.chat();
    }
}
