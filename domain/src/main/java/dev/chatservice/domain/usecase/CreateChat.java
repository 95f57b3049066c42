package dev.chatservice.domain.usecase;

import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.NumberAllocator;
import java.time.Clock;
import java.util.Optional;

/** Accepts a new chat: grants its number and queues its creation, without touching storage. */
public final class CreateChat {
    private final NumberAllocator allocator;
    private final CommandQueue queue;
    private final Clock clock;

    public CreateChat(NumberAllocator allocator, CommandQueue queue, Clock clock) {
        this.allocator = allocator;
        this.queue = queue;
        this.clock = clock;
    }

    public Allocation.Granted<ChatNumber> create(ApplicationToken application, Optional<IdempotencyKey> key) {
        Allocation.Granted<ChatNumber> granted = Granting.orThrow(
                allocator.allocateChat(application, key, clock.instant()), NotFoundException::application);
        // A replay is published again: the first attempt may have died before its publish was confirmed,
        // and applying the command twice is harmless.
        queue.publish(new CreateChatCommand(
                new ChatRef(application, granted.number()), granted.acceptedAt()));
        return granted;
    }
}
