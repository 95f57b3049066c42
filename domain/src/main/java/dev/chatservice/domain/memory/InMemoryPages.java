package dev.chatservice.domain.memory;

import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** Keyset pages over {@link InMemoryChatStore}'s sorted rows, in either direction; called under its lock. */
final class InMemoryPages {
    private InMemoryPages() {}

    /** The items of the rows past the request's start that {@code live} admits, overfetched by one. */
    static <R, T> Page<T> page(NavigableMap<Integer, R> rows, PageRequest page, Predicate<R> live,
                               Function<Integer, Function<R, T>> item) {
        NavigableMap<Integer, R> range;
        if (page.direction() == PageRequest.Direction.UP) {
            range = page.from() > Integer.MAX_VALUE ? new java.util.TreeMap<>()
                    : rows.tailMap((int) page.from(), false);
        } else {
            range = page.from() > Integer.MAX_VALUE ? rows.descendingMap()
                    : rows.headMap((int) page.from(), false).descendingMap();
        }
        List<T> fetched = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (var e : range.entrySet()) {
            if (live.test(e.getValue())) {
                fetched.add(item.apply(e.getKey()).apply(e.getValue()));
                numbers.add(e.getKey());
                if (fetched.size() > page.limit()) {
                    break;
                }
            }
        }
        Page<Integer> keys = Page.fromOverfetch(numbers, page.limit(), n -> n);
        return new Page<>(fetched.subList(0, keys.items().size()), keys.nextFrom());
    }
}
