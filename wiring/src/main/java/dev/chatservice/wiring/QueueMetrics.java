package dev.chatservice.wiring;

import dev.chatservice.rabbitmq.RabbitQueueStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/**
 * The command queue's meters: its depth and dead letters, read from the broker when scraped, and what this
 * process's consumers saw.
 */
public final class QueueMetrics {
    private QueueMetrics() {}

    public static void bind(RabbitQueueStats stats, MeterRegistry registry) {
        Gauge.builder("chat.queue.depth", stats, s -> fromBroker(s::backlog))
                .description("Commands waiting in the shard queues, plus those this process holds").register(registry);
        Gauge.builder("chat.queue.dead.letters", stats, s -> fromBroker(s::deadLetterDepth))
                .description("Commands waiting in the dead-letter queue").register(registry);
        FunctionCounter.builder("chat.queue.redeliveries", stats, RabbitQueueStats::redeliveries)
                .description("Deliveries the broker handed out again after a consumer died").register(registry);
        FunctionCounter.builder("chat.queue.retries", stats, RabbitQueueStats::retriedBatches)
                .description("Batches retried in place after the processor failed").register(registry);
        FunctionCounter.builder("chat.queue.dead.lettered", stats, RabbitQueueStats::deadLetteredByConsumers)
                .description("Commands this process sent to the dead-letter queue").register(registry);
    }

    /** A scrape while the broker is away reports "unknown" rather than failing. */
    private static double fromBroker(LongSupplier read) {
        try {
            return read.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
