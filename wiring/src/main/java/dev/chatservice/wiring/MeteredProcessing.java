package dev.chatservice.wiring;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.PendingIndexing;
import dev.chatservice.domain.port.SearchUpdate;
import dev.chatservice.domain.process.ProcessingObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Turns what the command processor reports into meters: batch size and duration, lags, counter drift. */
public final class MeteredProcessing implements ProcessingObserver {
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Timer persistLag;
    private final Timer indexLag;
    private final Counter corrected;
    private final Counter rejected;
    private final AtomicLong lastDrift = new AtomicLong();

    public MeteredProcessing(MeterRegistry registry) {
        batchSize = DistributionSummary.builder("chat.worker.batch.size")
                .description("Commands per batch committed to MySQL").publishPercentileHistogram()
                .register(registry);
        batchDuration = Timer.builder("chat.worker.batch.duration")
                .description("Time to commit one batch to MySQL").publishPercentileHistogram().register(registry);
        persistLag = Timer.builder("chat.lag.persist")
                .description("From the HTTP node accepting a command to its commit in MySQL")
                .publishPercentileHistogram().register(registry);
        indexLag = Timer.builder("chat.lag.index")
                .description("From the HTTP node accepting a change to the search index holding it")
                .publishPercentileHistogram().register(registry);
        rejected = Counter.builder("chat.index.rejected")
                .description("Search updates the index refused for good and that were given up (reindex restores)")
                .register(registry);
        corrected = Counter.builder("chat.counters.corrected")
                .description("Stored counters that reconciliation found wrong and fixed").register(registry);
        io.micrometer.core.instrument.Gauge.builder("chat.counters.drift", lastDrift, AtomicLong::get)
                .description("Counters the last reconciliation pass found wrong").register(registry);
    }

    @Override
    public void persisted(List<Command> batch, Duration took) {
        batchSize.record(batch.size());
        batchDuration.record(took);
        Instant now = Instant.now();
        for (Command command : batch) {
            persistLag.record(lag(command.acceptedAt(), now));
        }
    }

    @Override
    public void indexed(List<PendingIndexing> updates) {
        Instant now = Instant.now();
        for (PendingIndexing update : updates) {
            indexLag.record(lag(update.acceptedAt(), now));
        }
    }

    @Override
    public void rejected(List<SearchUpdate> updates) {
        rejected.increment(updates.size());
    }

    @Override
    public void reconciled(long count) {
        corrected.increment(count);
        lastDrift.set(count);
    }

    /** Clocks of different hosts disagree a little; a lag is never negative. */
    private static Duration lag(Instant acceptedAt, Instant now) {
        Duration lag = Duration.between(acceptedAt, now);
        return lag.isNegative() ? Duration.ZERO : lag;
    }
}
