package dev.chatservice.domain.model;

/**
 * Who wrote a message, as the client application names its own user: 1 to 255 printable characters (no
 * control characters at all, not blank). The service stores and returns it and never interprets it.
 */
public record Sender(String value) {
    public static final int MAX_LENGTH = 255;

    public Sender {
        Text.require(InvalidValueException.Field.MESSAGE_SENDER, "sender", value, MAX_LENGTH);
        if (value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\t')) {
            throw new InvalidValueException(InvalidValueException.Field.MESSAGE_SENDER,
                    "sender must not contain control characters");
        }
    }
}
