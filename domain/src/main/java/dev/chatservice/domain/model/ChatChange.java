package dev.chatservice.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a chat's change feed, at the {@code seq} of the latest change it stands for. The feed is
 * compacted: a message changed several times appears once, in its latest state. A created or updated message
 * carries the message; a deleted message carries only its number and when it was deleted; a deleted chat
 * carries neither.
 */
public record ChatChange(long seq, Kind kind, ChatNumber chat, Optional<MessageNumber> number,
                         Optional<Message> message, Instant at) {

    public enum Kind { MESSAGE_CREATED, MESSAGE_UPDATED, MESSAGE_DELETED, CHAT_DELETED }

    public ChatChange {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be positive, got " + seq);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
        boolean aboutMessage = kind != Kind.CHAT_DELETED;
        boolean carriesMessage = kind == Kind.MESSAGE_CREATED || kind == Kind.MESSAGE_UPDATED;
        if (number.isPresent() != aboutMessage || message.isPresent() != carriesMessage) {
            throw new IllegalArgumentException(kind + " does not fit number " + number + " and message " + message);
        }
        message.ifPresent(m -> {
            if (!m.number().equals(number.get()) || !m.chatNumber().equals(chat)) {
                throw new IllegalArgumentException("the message " + m.chatNumber() + "/" + m.number()
                        + " is not the change's " + chat + "/" + number.get());
            }
        });
    }
}
