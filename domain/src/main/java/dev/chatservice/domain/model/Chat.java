package dev.chatservice.domain.model;

import java.time.Instant;
import java.util.Objects;

/** A chat of an application, with the count of its live messages. */
public record Chat(ChatNumber number, long messagesCount, Instant createdAt, Instant updatedAt) {
    public Chat {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (messagesCount < 0) {
            throw new IllegalArgumentException("messagesCount must not be negative");
        }
    }
}
