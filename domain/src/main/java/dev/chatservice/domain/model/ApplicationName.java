package dev.chatservice.domain.model;

/** The display name of an application: 1 to 255 characters, not blank. */
public record ApplicationName(String value) {
    public static final int MAX_LENGTH = 255;

    public ApplicationName {
        Text.require(InvalidValueException.Field.APPLICATION_NAME, "name", value, MAX_LENGTH);
    }
}
