package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.NumberAllocator;

/** Reads a persisted message. */
public final class GetMessage {
    private final ApplicationRegistry applications;
    private final ChatHistory history;
    private final NumberAllocator allocator;

    public GetMessage(ApplicationRegistry applications, ChatHistory history, NumberAllocator allocator) {
        this.applications = applications;
        this.history = history;
        this.allocator = allocator;
    }

    public Message get(MessageRef message) {
        return history.findMessage(message).orElseThrow(
                () -> MissingLink.message(applications, allocator.chatExists(message.chat()), message));
    }
}
