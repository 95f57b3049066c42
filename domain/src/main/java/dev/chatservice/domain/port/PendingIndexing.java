package dev.chatservice.domain.port;

import java.time.Instant;
import java.util.Objects;

/**
 * A search update the {@link ChatLedger} recorded in the same transaction as its change, not yet indexed;
 * {@code acceptedAt} is when the change that caused it was accepted, so that index lag can be measured.
 */
public record PendingIndexing(long id, SearchUpdate update, Instant acceptedAt) {
    public PendingIndexing {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
