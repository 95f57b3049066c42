package dev.chatservice.domain.memory;

import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The search updates {@link InMemoryChatStore} recorded and the index has not taken yet; guarded by its lock. */
final class InMemoryOutbox {
    private final NavigableMap<Long, PendingIndexing> pending = new TreeMap<>();
    private long sequence;

    void enqueue(SearchUpdate update, Instant acceptedAt) {
        sequence++;
        pending.put(sequence, new PendingIndexing(sequence, update, acceptedAt));
    }

    List<PendingIndexing> oldest(int limit) {
        List<PendingIndexing> oldest = new ArrayList<>();
        for (PendingIndexing next : pending.values()) {
            if (oldest.size() == limit) {
                break;
            }
            oldest.add(next);
        }
        return oldest;
    }

    void complete(List<PendingIndexing> done) {
        for (PendingIndexing update : done) {
            pending.remove(update.id());
        }
    }
}
