package dev.chatservice.domain.usecase;

import dev.chatservice.domain.port.Allocation;
import java.util.function.Supplier;

/** Turns an allocator's answer into a granted number or the matching domain exception. */
final class Granting {
    private Granting() {}

    static <N> Allocation.Granted<N> orThrow(Allocation<N> allocation, Supplier<NotFoundException> notFound) {
        if (allocation instanceof Allocation.Granted<N> granted) {
            return granted;
        }
        if (allocation instanceof Allocation.KeyConflict<N>) {
            throw new IdempotencyKeyReusedException();
        }
        throw notFound.get();
    }
}
