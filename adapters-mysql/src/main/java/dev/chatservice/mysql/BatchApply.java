package dev.chatservice.mysql;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChangeSignal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Runs one {@code apply} transaction: read what the batch touches, replay it in memory, write the outcome. */
final class BatchApply {
    /*
     * Replaying in memory with the in-memory store's rules keeps a batch to a dozen round trips whatever its
     * size: a few reads, then one batched statement per table.
     *
     * Locks, always in this order: the application rows whose chats_count changes (by id), then the batch's
     * chat rows. Every writer of a chat's messages holds that chat's row lock and every writer of a
     * chats_count holds the application's, so what is read under them cannot change before commit, and what
     * this transaction inserted is known from those reads rather than from driver update counts (which
     * rewriteBatchedStatements makes unreliable). Holding the application lock before inserting a chat also
     * avoids the classic deadlock of two inserts taking the foreign key's shared lock on the application and
     * then both asking for an exclusive one to bump chats_count.
     */

    private final Handle handle;
    private final List<Command> batch;

    BatchApply(Handle handle, List<Command> batch) {
        this.handle = handle;
        this.batch = batch;
    }

    /** Applies the batch; returns what it committed, as {@link dev.chatservice.domain.port.ChatLedger} says. */
    List<ChangeSignal> run() {
        BatchRows rows = new BatchRows();
        BatchRead read = new BatchRead(handle, rows);
        read.findApplications(batch);
        List<Command> known = batch.stream()
                .filter(c -> rows.applications.containsKey(c.chat().application())).toList();
        if (known.isEmpty()) {
            return List.of(); // deleted with everything in it; the commands came too late
        }
        Set<ChatRef> refs = known.stream().map(Command::chat).collect(Collectors.toCollection(HashSet::new));
        read.createMissingChats(known, refs);
        read.lockChats(refs);
        read.loadMessages(known);
        read.loadAppliedUpdates(known);
        BatchReplay replay = new BatchReplay(rows);
        for (Command command : known) {
            replay.replay(command);
        }
        new BatchWrite(handle, rows).write();
        List<ChangeSignal> signals = new ArrayList<>();
        rows.createdChats.forEach(ref -> signals.add(new ChangeSignal.ChatCreated(ref.application(), ref.chat())));
        rows.chats.values().stream().filter(chat -> chat.lastSeq != chat.lastSeqRead).forEach(chat ->
                signals.add(new ChangeSignal.ChatChanged(chat.ref.application(), chat.ref.chat(), chat.lastSeq)));
        return signals;
    }
}
