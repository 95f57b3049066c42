package dev.chatservice.domain.model;

/** The text of a message: 1 to 4,096 characters, not blank, no control characters but tab and newlines. */
public record MessageBody(String value) {
    public static final int MAX_LENGTH = 4096;

    public MessageBody {
        Text.require(InvalidValueException.Field.MESSAGE_BODY, "body", value, MAX_LENGTH);
    }
}
