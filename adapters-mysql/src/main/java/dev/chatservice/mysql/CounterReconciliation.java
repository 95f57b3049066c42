package dev.chatservice.mysql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Recounts chats_count and messages_count from the rows, in short transactions of {@value #CHUNK} parents
 * each, locking the parent rows as a batch apply does, so a recount never races a batch and never holds
 * locks on a whole table.
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
        TreeMap<Long, Long> stored = new TreeMap<>();
        handle.createQuery("SELECT id, " + counter + " AS n FROM " + parent
                        + " WHERE id > :after ORDER BY id LIMIT :limit FOR UPDATE")
                .bind("after", after).bind("limit", CHUNK)
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getLong("n")))
                .forEach(e -> stored.put(e.getKey(), e.getValue()));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Long> actual = new HashMap<>();
        handle.createQuery("SELECT " + foreignKey + " AS id, COUNT(*) AS n FROM " + child
                        + " WHERE " + foreignKey + " IN (<ids>) AND deleted = FALSE GROUP BY " + foreignKey)
                .bindList("ids", List.copyOf(stored.keySet()))
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getLong("n")))
                .forEach(e -> actual.put(e.getKey(), e.getValue()));
        PreparedBatch fix = handle.prepareBatch("UPDATE " + parent + " SET " + counter + " = :n WHERE id = :id");
        stored.forEach((id, count) -> {
            long n = actual.getOrDefault(id, 0L);
            if (n != count) {
                fix.bind("id", id).bind("n", n).add();
            }
        });
        int wrong = fix.size();
        if (wrong > 0) {
            fix.execute();
        }
        return Optional.of(new Recount(stored.lastKey(), wrong));
    }
}
