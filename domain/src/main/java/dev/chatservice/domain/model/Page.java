package dev.chatservice.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list, in the direction its {@link PageRequest} read (nearest to where it started first);
 * {@code nextFrom} is where the next page in that direction starts, if there is one.
 */
public record Page<T>(List<T> items, Optional<Integer> nextFrom) {
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(nextFrom, "nextFrom");
    }

    /**
     * Builds a page from up to {@code limit + 1} fetched items: the extra one only proves a next page exists.
     */
    public static <T> Page<T> fromOverfetch(List<T> fetched, int limit, java.util.function.ToIntFunction<T> number) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, Optional.empty());
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, Optional.of(number.applyAsInt(items.get(limit - 1))));
    }
}
