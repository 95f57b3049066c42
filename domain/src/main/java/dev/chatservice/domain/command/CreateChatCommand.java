package dev.chatservice.domain.command;

import dev.chatservice.domain.model.ChatRef;
import java.time.Instant;
import java.util.Objects;

/** Persists a chat whose number the allocator granted. */
public record CreateChatCommand(ChatRef chat, Instant acceptedAt) implements Command {
    public CreateChatCommand {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
