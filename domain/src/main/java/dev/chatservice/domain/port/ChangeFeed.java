package dev.chatservice.domain.port;

import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatRef;
import java.util.List;

/**
 * A chat's committed changes in the order the ledger applied them, for polling clients and for live streams
 * that resume or fill a gap. Complete for any {@code since}: nothing expires.
 */
public interface ChangeFeed {

    /**
     * Up to {@code limit} changes of the chat with a seq greater than {@code since}, by ascending seq; empty
     * when there are none (also when the chat is unknown, or not persisted yet).
     */
    List<ChatChange> changesSince(ChatRef chat, long since, int limit);

    /** The chat's latest seq, 0 when it has no change yet (or is unknown, or not persisted yet). */
    long latestSeq(ChatRef chat);
}
