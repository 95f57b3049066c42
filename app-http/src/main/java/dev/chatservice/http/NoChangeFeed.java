package dev.chatservice.http;

import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChangeFeed;
import java.util.List;

/**
 * A change feed with nothing in it: streams open and beat, but send no change. Stands in until the change feed's
 * adapters are wired.
 * TODO(history branch): the mains pass the real ChangeFeed (JDBI in production, the in-memory store embedded).
 */
final class NoChangeFeed implements ChangeFeed {
    @Override
    public List<ChatChange> changesSince(ChatRef chat, long since, int limit) {
        return List.of();
    }

    @Override
    public long latestSeq(ChatRef chat) {
        return 0;
    }
}
