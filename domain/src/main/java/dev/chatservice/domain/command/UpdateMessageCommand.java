package dev.chatservice.domain.command;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageRef;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Replaces the body of a live message. Unlike the other commands an update is not idempotent by itself,
 * so it carries a unique id that the repository remembers once applied.
 */
public record UpdateMessageCommand(UUID id, MessageRef message, MessageBody body, Instant acceptedAt) implements Command {
    public UpdateMessageCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }

    @Override
    public ChatRef chat() {
        return message.chat();
    }
}
