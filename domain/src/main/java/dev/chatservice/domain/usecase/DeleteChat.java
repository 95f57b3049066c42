package dev.chatservice.domain.usecase;

import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.NumberAllocator;
import java.time.Clock;

/** Accepts the deletion of a chat and its messages. */
public final class DeleteChat {
    private final ApplicationRegistry applications;
    private final NumberAllocator allocator;
    private final CommandQueue queue;
    private final Clock clock;

    public DeleteChat(ApplicationRegistry applications, NumberAllocator allocator, CommandQueue queue, Clock clock) {
        this.applications = applications;
        this.allocator = allocator;
        this.queue = queue;
        this.clock = clock;
    }

    public void delete(ChatRef chat) {
        if (!allocator.chatExists(chat)) {
            throw MissingLink.chat(applications, chat);
        }
        // Published before forgetting: if the publish fails the chat stays whole and the client may retry.
        queue.publish(new DeleteChatCommand(chat, clock.instant()));
        allocator.forgetChat(chat);
    }
}
