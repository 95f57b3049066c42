package dev.chatservice.domain.model;

/** A keyset page request: up to {@code limit} items whose number is greater than {@code after}. */
public record PageRequest(int after, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        if (after < 0) {
            throw new InvalidValueException(InvalidValueException.Field.PAGE_CURSOR, "cursor is not valid");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException(InvalidValueException.Field.PAGE_LIMIT, "limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(0, limit);
    }
}
