package dev.chatservice.mysql;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Recounts chats_count and messages_count from the rows, {@value #CHUNK} parents per short transaction.
 *
 * <p>It takes no lock that a batch apply waits for. Each chunk reads the stored counts and the recounts in one
 * statement, so both come from the same read view (the pool runs READ COMMITTED, where two statements would
 * see two views), and writes a correction only where the stored count is still the one it read. A batch that
 * committed in between moved the count together with the rows, so its parent is skipped and left to the next
 * pass; where the stored count is unchanged, the rows changed by a net zero too, and the recount still holds.
 */
final class CounterReconciliation {
    private static final int CHUNK = 100;

    private final JdbiCalls calls;

    CounterReconciliation(JdbiCalls calls) {
        this.calls = calls;
    }

    /** Corrects every drifted count; returns how many were wrong. */
    long run() {
        return reconcile("applications", "chats_count", "chats", "application_id")
                + reconcile("chats", "messages_count", "messages", "chat_id");
    }

    private record Recount(long lastId, int corrected) {}

    private record Counts(long id, long stored, long actual) {}

    private long reconcile(String parent, String counter, String child, String foreignKey) {
        long corrected = 0;
        Optional<Recount> chunk = Optional.of(new Recount(0, 0));
        while (chunk.isPresent()) {
            corrected += chunk.get().corrected();
            long after = chunk.get().lastId();
            chunk = calls.inTransaction(handle -> recount(handle, parent, counter, child, foreignKey, after));
        }
        return corrected;
    }

    private static Optional<Recount> recount(Handle handle, String parent, String counter, String child,
                                             String foreignKey, long after) {
        List<Counts> counts = handle.createQuery("SELECT p.id, p." + counter + " AS stored, (SELECT COUNT(*) FROM "
                        + child + " c WHERE c." + foreignKey + " = p.id AND c.deleted = FALSE) AS actual FROM "
                        + parent + " p WHERE p.id > :after ORDER BY p.id LIMIT :limit")
                .bind("after", after).bind("limit", CHUNK)
                .map((rs, ctx) -> new Counts(rs.getLong("id"), rs.getLong("stored"), rs.getLong("actual")))
                .list();
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        PreparedBatch fix = handle.prepareBatch("UPDATE " + parent + " SET " + counter + " = :actual WHERE id = :id"
                + " AND " + counter + " = :stored");
        counts.stream().filter(c -> c.stored() != c.actual())
                .forEach(c -> fix.bind("id", c.id()).bind("actual", c.actual()).bind("stored", c.stored()).add());
        int wrong = fix.size();
        if (wrong > 0) {
            fix.execute();
        }
        return Optional.of(new Recount(counts.get(counts.size() - 1).id(), wrong));
    }
}
