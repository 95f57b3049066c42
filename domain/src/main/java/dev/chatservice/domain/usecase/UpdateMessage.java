package dev.chatservice.domain.usecase;

import dev.chatservice.domain.command.UpdateMessageCommand;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.NumberAllocator;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Accepts a new body for a message; it lands after every earlier command of the chat. */
public final class UpdateMessage {
    private final ApplicationRegistry applications;
    private final NumberAllocator allocator;
    private final CommandQueue queue;
    private final Clock clock;

    public UpdateMessage(ApplicationRegistry applications, NumberAllocator allocator, CommandQueue queue, Clock clock) {
        this.applications = applications;
        this.allocator = allocator;
        this.queue = queue;
        this.clock = clock;
    }

    /** Returns when the update was accepted: the message's {@code updated_at} once it is applied. */
    public Instant update(MessageRef message, MessageBody body) {
        if (!allocator.messageGranted(message)) {
            throw MissingLink.message(applications, allocator.chatExists(message.chat()), message);
        }
        Instant now = clock.instant();
        queue.publish(new UpdateMessageCommand(UUID.randomUUID(), message, body, now));
        return now;
    }
}
