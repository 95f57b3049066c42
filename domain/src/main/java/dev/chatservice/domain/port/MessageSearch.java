package dev.chatservice.domain.port;

import dev.chatservice.domain.model.ChatRef;
import java.util.List;
import java.util.Optional;

/** Full-text search over the messages of one chat, matching any part of a word, case-insensitively. */
public interface MessageSearch {

    /**
     * Applies updates in order. Idempotent, and an update older than the indexed version is ignored.
     *
     * @throws DependencyUnavailableException if the index cannot take them now; nothing is lost, the caller
     *                                        retries later
     * @throws RejectedUpdatesException       if some are refused for good; all the others were applied
     */
    void apply(List<SearchUpdate> updates);

    /**
     * Messages of {@code chat} whose words contain every term of the query, in {@code order}. A page holds at
     * most {@code limit} hits, and may hold fewer while more follow: only an empty
     * {@link SearchPage#nextCursor()} ends the results (an index that verifies candidates bounds the work of a
     * page rather than its size).
     *
     * @param cursor a {@link SearchPage#nextCursor()} from the previous page of the same search and order, or
     *               empty for the first
     * @throws dev.chatservice.domain.model.InvalidValueException if the cursor is not one this search issued
     */
    SearchPage search(ChatRef chat, SearchQuery query, SearchOrder order, int limit, Optional<String> cursor);

    /** The search by {@link SearchOrder#RELEVANCE}, best match first. */
    default SearchPage search(ChatRef chat, SearchQuery query, int limit, Optional<String> cursor) {
        return search(chat, query, SearchOrder.RELEVANCE, limit, cursor);
    }
}
