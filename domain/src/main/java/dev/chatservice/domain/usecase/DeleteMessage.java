package dev.chatservice.domain.usecase;

import dev.chatservice.domain.command.DeleteMessageCommand;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.NumberAllocator;
import java.time.Clock;

/** Accepts the deletion of a message; its number is never granted again. */
public final class DeleteMessage {
    private final ApplicationRegistry applications;
    private final NumberAllocator allocator;
    private final CommandQueue queue;
    private final Clock clock;

    public DeleteMessage(ApplicationRegistry applications, NumberAllocator allocator, CommandQueue queue, Clock clock) {
        this.applications = applications;
        this.allocator = allocator;
        this.queue = queue;
        this.clock = clock;
    }

    public void delete(MessageRef message) {
        if (!allocator.messageGranted(message)) {
            throw MissingLink.message(applications, allocator.chatExists(message.chat()), message);
        }
        queue.publish(new DeleteMessageCommand(message, clock.instant()));
    }
}
