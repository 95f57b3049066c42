package dev.chatservice.domain.model;

import java.time.Instant;
import java.util.Objects;

/** A client application: its token, name and how many chats it has. */
public record Application(ApplicationToken token, ApplicationName name, long chatsCount,
                          Instant createdAt, Instant updatedAt) {
    public Application {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (chatsCount < 0) {
            throw new IllegalArgumentException("chatsCount must not be negative");
        }
    }
}
