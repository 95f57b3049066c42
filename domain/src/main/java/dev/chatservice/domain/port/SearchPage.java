package dev.chatservice.domain.port;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of search hits, best first; {@code nextCursor} fetches the next page. */
public record SearchPage(List<SearchHit> hits, Optional<String> nextCursor) {
    public SearchPage {
        hits = List.copyOf(hits);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
