package dev.chatservice.domain.model;

/** The number of a message within its chat, from 1. */
public record MessageNumber(int value) implements Comparable<MessageNumber> {
    public MessageNumber {
        if (value < 1) {
            throw new InvalidValueException(InvalidValueException.Field.MESSAGE_NUMBER, "message number must be at least 1, got " + value);
        }
    }

    @Override
    public int compareTo(MessageNumber other) {
        return Integer.compare(value, other.value);
    }
}
