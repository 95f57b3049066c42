package dev.chatservice.domain.usecase;

import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.PageRequest;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChangeFeed;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.NumberAllocator;
import java.util.List;

/**
 * Reads a chat's change feed after a seq: the resume point of a live stream, and the polling API. A deleted
 * chat's feed still answers its deletion to a client that has not seen it; once there is nothing left to
 * tell, the chat is not found, as on every other read.
 */
public final class ListChanges {
    private final ApplicationRegistry applications;
    private final ChatHistory history;
    private final ChangeFeed feed;
    private final NumberAllocator allocator;

    public ListChanges(ApplicationRegistry applications, ChatHistory history, ChangeFeed feed,
                       NumberAllocator allocator) {
        this.applications = applications;
        this.history = history;
        this.feed = feed;
        this.allocator = allocator;
    }

    /** Up to {@code limit} changes after {@code since}, by ascending seq. */
    public List<ChatChange> list(ChatRef chat, long since, int limit) {
        if (since < 0) {
            throw new InvalidValueException(InvalidValueException.Field.FEED_SINCE, "since must not be negative");
        }
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw new InvalidValueException(InvalidValueException.Field.PAGE_LIMIT,
                    "limit must be between 1 and " + PageRequest.MAX_LIMIT);
        }
        List<ChatChange> changes = feed.changesSince(chat, since, limit);
        if (!changes.isEmpty()) {
            return changes;
        }
        // Only an empty answer needs to know more: whether the chat exists, and whether since is in range.
        boolean exists = history.findChat(chat).isPresent();
        // A chat that was just accepted is not persisted yet: it exists, with no change so far.
        if (!exists && !allocator.chatExists(chat)) {
            throw MissingLink.chat(applications, chat);
        }
        long latest = feed.latestSeq(chat);
        if (since > latest) {
            throw new InvalidValueException(InvalidValueException.Field.FEED_SINCE,
                    "since is past the chat's latest change, " + latest);
        }
        return changes;
    }
}
