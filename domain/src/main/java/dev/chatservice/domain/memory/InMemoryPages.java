package dev.chatservice.domain.memory;

import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** Keyset pages over {@link InMemoryChatStore}'s sorted rows, in either direction; called under its lock. */
final class InMemoryPages {
    private InMemoryPages() {}

    /** The items of the live rows past the request's start, in its direction, and where the next page starts. */
    static <R, T> Page<T> page(NavigableMap<Integer, R> rows, PageRequest page, Predicate<R> live,
                               Function<Integer, Function<R, T>> item) {
        NavigableMap<Integer, R> range;
        if (page.direction() == PageRequest.Direction.UP) {
            range = page.from() > Integer.MAX_VALUE ? new TreeMap<>()
                    : rows.tailMap((int) page.from(), false);
        } else {
            range = page.from() > Integer.MAX_VALUE ? rows.descendingMap()
                    : rows.headMap((int) page.from(), false).descendingMap();
        }
        List<T> items = new ArrayList<>();
        Integer last = null;
        for (var e : range.entrySet()) {
            if (live.test(e.getValue())) {
                if (items.size() == page.limit()) {
                    // One more live row proves a next page; it starts after the last one taken.
                    return new Page<>(items, Optional.of(last));
                }
                items.add(item.apply(e.getKey()).apply(e.getValue()));
                last = e.getKey();
            }
        }
        return new Page<>(items, Optional.empty());
    }
}
