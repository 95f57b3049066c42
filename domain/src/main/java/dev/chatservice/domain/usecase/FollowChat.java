package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.NumberAllocator;

/**
 * Admits a live stream of a chat's changes, by the rule that admits a message to it: the chat exists from the
 * moment its creation was accepted until its deletion is, whether or not a worker persisted it yet. A node that
 * serves a stream asks again now and then, so that deleting the chat or its application ends the stream.
 */
public final class FollowChat {
    private final ApplicationRegistry applications;
    private final NumberAllocator allocator;

    public FollowChat(ApplicationRegistry applications, NumberAllocator allocator) {
        this.applications = applications;
        this.allocator = allocator;
    }

    /** @throws NotFoundException naming the application or the chat, whichever is missing */
    public void follow(ChatRef chat) {
        if (!allocator.chatExists(chat)) {
            throw MissingLink.chat(applications, chat);
        }
    }
}
