package dev.chatservice.domain.port;

import java.util.Objects;

/** A search update the repository recorded in the same transaction as its change, not yet indexed. */
public record PendingIndexing(long id, SearchUpdate update) {
    public PendingIndexing {
        Objects.requireNonNull(update, "update");
    }
}
