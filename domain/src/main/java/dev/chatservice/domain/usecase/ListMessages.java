package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.Message;
import dev.chatservice.domain.model.Page;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.NumberAllocator;
import java.util.List;
import java.util.Optional;

/** Lists the persisted messages of a chat by number. */
public final class ListMessages {
    private final ApplicationRegistry applications;
    private final ChatHistory history;
    private final NumberAllocator allocator;

    public ListMessages(ApplicationRegistry applications, ChatHistory history, NumberAllocator allocator) {
        this.applications = applications;
        this.history = history;
        this.allocator = allocator;
    }

    public Page<Message> list(ChatRef chat, PageRequest page) {
        Page<Message> messages = history.listMessages(chat, page);
        if (messages.items().isEmpty() && history.findChat(chat).isEmpty()) {
            // A chat that was just accepted is not persisted yet: it exists, with nothing in it so far.
            if (!allocator.chatExists(chat)) {
                throw MissingLink.chat(applications, chat);
            }
            return new Page<>(List.of(), Optional.empty());
        }
        return messages;
    }
}
