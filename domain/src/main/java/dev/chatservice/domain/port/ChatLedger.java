package dev.chatservice.domain.port;

import dev.chatservice.domain.command.Command;
import java.util.List;

/**
 * The worker's side of the system of record: applies batches of commands to the chats and messages, with
 * the outbox of search updates they cause, and keeps the stored counts true. Deleted chats and messages are
 * kept as tombstones, so a late or repeated command cannot revive them.
 */
public interface ChatLedger {

    /**
     * Applies a batch of commands atomically, in order, and records the search updates they cause.
     * Idempotent: applying the same batch again, or any prefix of it, changes nothing.
     */
    void apply(List<Command> batch);

    /** The oldest search updates not yet marked done. */
    List<PendingIndexing> pendingIndexing(int limit);

    /** Marks search updates as applied to the index. */
    void completeIndexing(List<PendingIndexing> done);

    /** Recomputes every stored count from the rows; returns how many counts were wrong. */
    long reconcileCounters();

    /**
     * Live messages in storage order after {@code afterPosition} (0 for the start), for rebuilding the index.
     */
    List<IndexableMessage> liveMessages(long afterPosition, int limit);
}
