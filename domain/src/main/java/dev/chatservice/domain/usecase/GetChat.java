package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.Chat;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.NumberAllocator;
import java.time.Clock;
import java.time.Instant;

/** Reads a chat: as persisted, or as just accepted when no worker has persisted it yet. */
public final class GetChat {
    private final ApplicationRegistry applications;
    private final ChatHistory history;
    private final NumberAllocator allocator;
    private final Clock clock;

    public GetChat(ApplicationRegistry applications, ChatHistory history, NumberAllocator allocator, Clock clock) {
        this.applications = applications;
        this.history = history;
        this.allocator = allocator;
        this.clock = clock;
    }

    public Chat get(ChatRef chat) {
        return history.findChat(chat).orElseGet(() -> {
            // The allocator decides existence (NumberAllocator): a chat accepted a moment ago exists, with no
            // messages, since the commands of a chat are applied in order and its creation comes first.
            if (!allocator.chatExists(chat)) {
                throw MissingLink.chat(applications, chat);
            }
            Instant now = clock.instant();
            return new Chat(chat.chat(), 0, now, now);
        });
    }
}
