package dev.chatservice.domain.command;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageRef;
import java.time.Instant;
import java.util.Objects;

/** Deletes a message for good: its number stays taken. */
public record DeleteMessageCommand(MessageRef message, Instant acceptedAt) implements Command {
    public DeleteMessageCommand {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }

    @Override
    public ChatRef chat() {
        return message.chat();
    }
}
