package dev.chatservice.domain.process;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChangeSignal;
import dev.chatservice.domain.port.ChatLedger;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.RejectedUpdatesException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Applies batches of commands: first to the ledger in one transaction, which also records the search
 * updates they cause, then to the search index. Idempotent, so a redelivered batch changes nothing. What
 * a batch committed is then announced on the {@link ChangeFanOut}, for the nodes that serve live streams.
 * The index may fail without failing the batch: its updates stay pending and {@link #indexPending()}
 * catches up later.
 */
public final class CommandProcessor {
    private static final System.Logger LOG = System.getLogger(CommandProcessor.class.getName());
    private static final int INDEX_BATCH = 500;
    private static final int MAX_INDEX_ROUNDS = 3;

    private final ChatLedger ledger;
    private final MessageSearch search;
    private final ChangeFanOut fanOut;
    private final ProcessingObserver observer;
    /** Held by the one thread of this process pushing the outbox to the index. */
    private final AtomicBoolean indexing = new AtomicBoolean();
    /** Set when a batch committed updates that the thread holding {@link #indexing} may not have read yet. */
    private final AtomicBoolean indexRequested = new AtomicBoolean();

    public CommandProcessor(ChatLedger ledger, MessageSearch search, ChangeFanOut fanOut) {
        this(ledger, search, fanOut, ProcessingObserver.NONE);
    }

    public CommandProcessor(ChatLedger ledger, MessageSearch search, ChangeFanOut fanOut,
                            ProcessingObserver observer) {
        this.ledger = ledger;
        this.search = search;
        this.fanOut = fanOut;
        this.observer = observer;
    }

    /** Persists a batch; returns once it is committed, whether or not the index could follow yet. */
    public void process(List<Command> batch) {
        long started = System.nanoTime();
        List<ChangeSignal> signals = ledger.apply(batch);
        observer.persisted(batch, Duration.ofNanos(System.nanoTime() - started));
        announce(signals);
        try {
            indexSoon();
        } catch (RuntimeException e) {
            // The batch is committed: failing it now would only redeliver it and, after a few attempts,
            // dead-letter commands that were applied. Its updates stay pending for the catch-up loop.
            LOG.log(System.Logger.Level.ERROR, "indexing after a committed batch failed; updates stay pending: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Best effort, after the commit: a stream that misses a signal catches up from the change feed on its next
     * signal, heartbeat or reconnect, so a broker that cannot take it must not fail (and redeliver) the batch.
     */
    private void announce(List<ChangeSignal> signals) {
        if (signals.isEmpty()) {
            return;
        }
        try {
            fanOut.publish(signals);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "announcing " + signals.size() + " committed change(s) failed; "
                    + "live streams catch up from the change feed: " + e.getMessage());
        }
    }

    /**
     * Indexes the pending updates unless another thread of this process is at it already; that thread then
     * goes round once more (a few times at most, so that its own shard is not starved while the others keep
     * committing; what is left is taken by the next batch, or by the catch-up schedule when none comes).
     * Every shard's consumer (and the catch-up schedule) gets here, and all of them read the outbox from its
     * oldest row: run concurrently, they would send the same updates to the index again and again, each
     * refused as stale but the first.
     */
    public void indexSoon() {
        indexRequested.set(true);
        for (int round = 0; round < MAX_INDEX_ROUNDS && indexRequested.get()
                && indexing.compareAndSet(false, true); round++) {
            try {
                indexRequested.set(false);
                indexPending();
            } finally {
                indexing.set(false);
            }
        }
    }

    /**
     * Recounts the stored counters and corrects those that drifted.
     *
     * @return how many counters were wrong
     */
    public long reconcileCounters() {
        long corrected = ledger.reconcileCounters();
        observer.reconciled(corrected);
        return corrected;
    }

    /**
     * Pushes pending search updates to the index until none are left or the index fails.
     *
     * @return how many updates were indexed
     */
    public int indexPending() {
        int indexed = 0;
        while (true) {
            List<PendingIndexing> pending = ledger.pendingIndexing(INDEX_BATCH);
            if (pending.isEmpty()) {
                return indexed;
            }
            try {
                search.apply(pending.stream().map(PendingIndexing::update).toList());
            } catch (DependencyUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "search index unavailable, " + pending.size()
                        + "+ updates stay pending: " + e.getMessage());
                return indexed;
            } catch (RejectedUpdatesException e) {
                // Kept pending, they would be sent again forever and hold back every later update. The messages
                // stay in MySQL: once the cause is fixed, the reindex command brings them back.
                LOG.log(System.Logger.Level.ERROR, "giving up " + e.rejected().size() + " search update(s) the "
                        + "index refused for good (run reindex once the cause is fixed): " + e.getMessage());
                observer.rejected(e.rejected());
            }
            ledger.completeIndexing(pending);
            observer.indexed(pending);
            indexed += pending.size();
            if (pending.size() < INDEX_BATCH) {
                return indexed;
            }
        }
    }
}
