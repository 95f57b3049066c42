package dev.chatservice.domain.model;

/** Thrown when a value object rejects its input; {@link #field()} names what was wrong. */
public final class InvalidValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
