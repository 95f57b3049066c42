package dev.chatservice.domain.model;

import java.util.Objects;

/** Names one chat: its application's token and its number. */
public record ChatRef(ApplicationToken application, ChatNumber chat) {
    public ChatRef {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(chat, "chat");
    }
}
