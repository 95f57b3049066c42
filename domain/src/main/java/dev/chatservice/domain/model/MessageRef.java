package dev.chatservice.domain.model;

import java.util.Objects;

/** Names one message: its chat and its number. */
public record MessageRef(ChatRef chat, MessageNumber message) {
    public MessageRef {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(message, "message");
    }
}
