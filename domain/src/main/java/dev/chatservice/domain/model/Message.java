package dev.chatservice.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A message of a chat; {@code sender} is who wrote it, if the client said (older messages have none). */
public record Message(ChatNumber chatNumber, MessageNumber number, Optional<Sender> sender, MessageBody body,
                      Instant createdAt, Instant updatedAt) {
    public Message {
        Objects.requireNonNull(chatNumber, "chatNumber");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A message without a sender. */
    public Message(ChatNumber chatNumber, MessageNumber number, MessageBody body, Instant createdAt,
                   Instant updatedAt) {
        this(chatNumber, number, Optional.empty(), body, createdAt, updatedAt);
    }
}
