package dev.chatservice.domain.model;

/**
 * A keyset page request: up to {@code limit} items from {@code from} on, exclusive, in {@code direction}:
 * numbers greater than {@code from} going up, smaller than {@code from} going down. Going down from
 * {@link #TOP} starts at the newest item.
 */
public record PageRequest(Direction direction, long from, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    /** Above every number: where a page going down from the newest item starts. */
    public static final long TOP = Integer.MAX_VALUE + 1L;

    /** Which way a page reads; its items come in that order, nearest to {@code from} first. */
    public enum Direction { UP, DOWN }

    public PageRequest {
        java.util.Objects.requireNonNull(direction, "direction");
        if (from < 0 || from > TOP) {
            throw new InvalidValueException(InvalidValueException.Field.PAGE_CURSOR, "cursor is not valid");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException(InvalidValueException.Field.PAGE_LIMIT, "limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** Up to {@code limit} items with a number greater than {@code after}, ascending. */
    public PageRequest(int after, int limit) {
        this(Direction.UP, after, limit);
    }

    /** The first page going up. */
    public static PageRequest first(int limit) {
        return new PageRequest(0, limit);
    }

    /** The newest page, going down. */
    public static PageRequest last(int limit) {
        return new PageRequest(Direction.DOWN, TOP, limit);
    }

    /** Up to {@code limit} items with a number smaller than {@code before}, descending. */
    public static PageRequest before(int before, int limit) {
        return new PageRequest(Direction.DOWN, before, limit);
    }

    /** The page after this one, in the same direction, from the number where this one ended. */
    public PageRequest next(int from) {
        return new PageRequest(direction, from, limit);
    }

    /** Whether {@code number} lies past {@code from} in this page's direction. */
    public boolean admits(long number) {
        return direction == Direction.UP ? number > from : number < from;
    }
}
