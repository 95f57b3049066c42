package dev.chatservice.domain.process;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.ChatRepository;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.PendingIndexing;
import java.time.Duration;
import java.util.List;

/**
 * Applies batches of commands: first to the repository in one transaction, which also records the search
 * updates they cause, then to the search index. Idempotent, so a redelivered batch changes nothing.
 * The index may fail without failing the batch: its updates stay pending and {@link #indexPending()}
 * catches up later.
 */
public final class CommandProcessor {
    private static final System.Logger LOG = System.getLogger(CommandProcessor.class.getName());
    private static final int INDEX_BATCH = 500;

    private final ChatRepository repository;
    private final MessageSearch search;
    private final ProcessingObserver observer;

    public CommandProcessor(ChatRepository repository, MessageSearch search) {
        this(repository, search, ProcessingObserver.NONE);
    }

    public CommandProcessor(ChatRepository repository, MessageSearch search, ProcessingObserver observer) {
        this.repository = repository;
        this.search = search;
        this.observer = observer;
    }

    /** Persists a batch; returns once it is committed, whether or not the index could follow yet. */
    public void process(List<Command> batch) {
        long started = System.nanoTime();
        repository.apply(batch);
        observer.persisted(batch, Duration.ofNanos(System.nanoTime() - started));
        try {
            indexPending();
        } catch (RuntimeException e) {
            // The batch is committed: failing it now would only redeliver it and, after a few attempts,
            // dead-letter commands that were applied. Its updates stay pending for the catch-up loop.
            LOG.log(System.Logger.Level.ERROR, "indexing after a committed batch failed; updates stay pending: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Recounts the stored counters and corrects those that drifted.
     *
     * @return how many counters were wrong
     */
    public long reconcileCounters() {
        long corrected = repository.reconcileCounters();
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
            List<PendingIndexing> pending = repository.pendingIndexing(INDEX_BATCH);
            if (pending.isEmpty()) {
                return indexed;
            }
            try {
                search.apply(pending.stream().map(PendingIndexing::update).toList());
            } catch (DependencyUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "search index unavailable, " + pending.size()
                        + "+ updates stay pending: " + e.getMessage());
                return indexed;
            }
            repository.completeIndexing(pending);
            observer.indexed(pending);
            indexed += pending.size();
            if (pending.size() < INDEX_BATCH) {
                return indexed;
            }
        }
    }
}
