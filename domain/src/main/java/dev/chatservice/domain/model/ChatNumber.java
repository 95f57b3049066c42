package dev.chatservice.domain.model;

/** The number of a chat within its application, from 1. */
public record ChatNumber(int value) implements Comparable<ChatNumber> {
    public ChatNumber {
        if (value < 1) {
            throw new InvalidValueException(InvalidValueException.Field.CHAT_NUMBER, "chat number must be at least 1, got " + value);
        }
    }

    @Override
    public int compareTo(ChatNumber other) {
        return Integer.compare(value, other.value);
    }
}
