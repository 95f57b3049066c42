package dev.chatservice.domain.model;

import java.util.Objects;

/** Thrown when a value object rejects its input; {@link #field()} names which value was wrong. */
public final class InvalidValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The values a caller can get wrong, in the domain's words; each adapter names them in its own. */
    public enum Field {
        APPLICATION_NAME,
        APPLICATION_TOKEN,
        CHAT_NUMBER,
        MESSAGE_NUMBER,
        MESSAGE_BODY,
        MESSAGE_SENDER,
        IDEMPOTENCY_KEY,
        PAGE_CURSOR,
        PAGE_LIMIT,
        FEED_SINCE,
        SEARCH_QUERY
    }

    private final Field field;

    public InvalidValueException(Field field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    public Field field() {
        return field;
    }
}
