package dev.chatservice.rabbitmq;

import dev.chatservice.domain.port.DependencyUnavailableException;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a shard consumer retries a batch the handler failed, and so how large its next batch may be. The batch
 * stays unacknowledged and is handed to the handler again:
 * <ul>
 *   <li>{@link DependencyUnavailableException} (database or index down): the same batch again after an
 *       exponential backoff, for as long as it takes; nothing is counted against the commands.</li>
 *   <li>any other failure of a batch of several commands: its first half is tried next, and so on, until the
 *       failing command is alone, so one bad command never takes healthy ones to the dead letters.</li>
 *   <li>a command failing alone {@code maxAttempts} times: dead-lettered; the commands behind it follow in
 *       order.</li>
 * </ul>
 * After a success the batch size doubles back towards {@code maxBatch}.
 */
final class BatchRetry {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRetry.class);
    private static final long BISECT_PAUSE_MILLIS = 10;
    private static final long FIRST_BACKOFF_MILLIS = 50;

    private final RabbitConfig config;
    private final String queue;
    private int batchCap;
    private int transientFailures;

    BatchRetry(RabbitConfig config, String queue) {
        this.config = config;
        this.queue = queue;
        this.batchCap = config.maxBatch();
    }

    /** The most commands the next batch may hold. */
    int batchCap() {
        return batchCap;
    }

    void succeeded() {
        transientFailures = 0;
        batchCap = (int) Math.min(config.maxBatch(), 2L * batchCap);
    }

    /** Back to full batches: the failing command is gone, or the session that held the batch is. */
    void reset() {
        batchCap = config.maxBatch();
    }

    /**
     * Decides what follows the failure of {@code batch}, the head of what the consumer holds.
     *
     * @return how long to pause before the handler gets the head again, or empty if the batch is one command
     *         that failed too often and must be dead-lettered
     */
    OptionalLong afterFailure(List<HeldCommand> batch, Throwable failure) {
        if (failure instanceof DependencyUnavailableException) {
            long backoff = backoff(++transientFailures);
            LOG.warn("batch of {} from {} failed, retrying the same batch in {} ms (not counted as an attempt): {}",
                    batch.size(), queue, backoff, failure.getMessage());
            return OptionalLong.of(backoff);
        }
        if (batch.size() > 1) {
            batchCap = Math.max(1, batch.size() / 2);
            LOG.warn("batch of {} from {} failed; retrying its first {} commands to isolate the failing one: {}",
                    batch.size(), queue, batchCap, failure.toString());
            return OptionalLong.of(BISECT_PAUSE_MILLIS);
        }
        HeldCommand alone = batch.get(0);
        alone.failures++;
        if (alone.failures < config.maxAttempts()) {
            long backoff = backoff(alone.failures);
            // The stack trace once per command is enough.
            LOG.warn("command {} of chat {} from {} failed (attempt {} of {}); retrying in {} ms: {}",
                    alone.command.getClass().getSimpleName(), alone.command.chat(), queue, alone.failures,
                    config.maxAttempts(), backoff, failure.toString(), alone.failures == 1 ? failure : null);
            return OptionalLong.of(backoff);
        }
        return OptionalLong.empty();
    }

    private long backoff(int failures) {
        long millis = FIRST_BACKOFF_MILLIS << Math.min(failures - 1, 20);
        return Math.min(millis, config.maxRetryBackoff().toMillis());
    }
}
