package dev.chatservice.domain.port;

import java.time.Instant;
import java.util.Objects;

/** What a {@link NumberAllocator} answers to a request for a new number. */
public sealed interface Allocation<N> {

    /**
     * A number, new or replayed for a repeated Idempotency-Key; {@code acceptedAt} is when it was first granted.
     */
    record Granted<N>(N number, Instant acceptedAt, boolean replayed) implements Allocation<N> {
        public Granted {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(acceptedAt, "acceptedAt");
        }
    }

    /** The application or chat to allocate in does not exist (or was deleted). */
    record UnknownParent<N>() implements Allocation<N> {}

    /** The Idempotency-Key was already used with a different request body. */
    record KeyConflict<N>() implements Allocation<N> {}
}
