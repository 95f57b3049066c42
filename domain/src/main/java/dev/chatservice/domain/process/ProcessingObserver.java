package dev.chatservice.domain.process;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import java.time.Duration;
import java.util.List;

/**
 * Hears what the command processor did, so that an application can measure it (batch sizes, durations, and the
 * lag from accept to persist and to index) without the domain knowing any metrics library.
 * Called on the processing threads: implementations must be quick and thread-safe.
 */
public interface ProcessingObserver {

    /** Observes nothing. */
    ProcessingObserver NONE = new ProcessingObserver() {};

    /** {@code batch} was committed to the ledger, which took {@code took}. */
    default void persisted(List<Command> batch, Duration took) {}

    /** These updates reached the search index. */
    default void indexed(List<PendingIndexing> updates) {}

    /** The index refused these updates for good; they were given up (reindex restores them). */
    default void rejected(List<SearchUpdate> updates) {}

    /** A reconciliation pass found {@code corrected} counters wrong and fixed them. */
    default void reconciled(long corrected) {}
}
