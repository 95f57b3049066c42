package dev.chatservice.domain.command;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageRef;
import java.time.Instant;
import java.util.Objects;

/** Persists a message whose number the allocator granted. */
public record CreateMessageCommand(MessageRef message, MessageBody body, Instant acceptedAt) implements Command {
    public CreateMessageCommand {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }

    @Override
    public ChatRef chat() {
        return message.chat();
    }
}
