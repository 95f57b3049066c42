package dev.chatservice.domain.usecase;

import java.time.Instant;
import java.util.Objects;

/** A create the queue has durably accepted: the granted number, when, and whether it repeats an earlier one. */
public record Accepted<N>(N number, Instant acceptedAt, boolean replayed) {
    public Accepted {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
