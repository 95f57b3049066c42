package dev.chatservice.domain.command;

import dev.chatservice.domain.model.ChatRef;
import java.time.Instant;
import java.util.Objects;

/** Deletes a chat and its messages for good: its number stays taken. */
public record DeleteChatCommand(ChatRef chat, Instant acceptedAt) implements Command {
    public DeleteChatCommand {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
