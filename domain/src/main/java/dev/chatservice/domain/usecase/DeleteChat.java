package dev.chatservice.domain.usecase;

import dev.chatservice.domain.command.DeleteChatCommand;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.NumberAllocator;
import java.time.Clock;

/** Accepts the deletion of a chat and its messages. */
public final class DeleteChat {
    private final NumberAllocator allocator;
    private final CommandQueue queue;
    private final Clock clock;

    public DeleteChat(NumberAllocator allocator, CommandQueue queue, Clock clock) {
        this.allocator = allocator;
        this.queue = queue;
        this.clock = clock;
    }

    public void delete(ChatRef chat) {
        if (!allocator.chatExists(chat)) {
            throw NotFoundException.chat(chat.chat().value());
        }
        // Published before forgetting: if the publish fails the chat stays whole and the client may retry.
        queue.publish(new DeleteChatCommand(chat, clock.instant()));
        allocator.forgetChat(chat);
    }
}
