package dev.chatservice.domain.model;

import java.time.Instant;
import java.util.Objects;

/** A message of a chat. */
public record Message(ChatNumber chatNumber, MessageNumber number, MessageBody body,
                      Instant createdAt, Instant updatedAt) {
    public Message {
        Objects.requireNonNull(chatNumber, "chatNumber");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
