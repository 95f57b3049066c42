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
     * Applies a batch of commands atomically, in order, and records the search updates they cause. Every
     * change of a chat (a message created, updated or deleted; the chat deleted) takes the chat's next
     * {@code seq} in the same transaction. Idempotent: applying the same batch again, or any prefix of it,
     * changes nothing.
     *
     * @return what the batch committed, for live streams: a {@link ChangeSignal.ChatCreated} for each chat the
     *     batch created, then one {@link ChangeSignal.ChatChanged} for each chat that changed, with its latest
     *     seq after the batch. Commands that changed nothing (already applied, or too late) announce nothing,
     *     so a redelivered batch returns an empty list.
     */
    List<ChangeSignal> apply(List<Command> batch);

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
