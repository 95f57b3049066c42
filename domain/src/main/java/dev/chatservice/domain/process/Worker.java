package dev.chatservice.domain.process;

import dev.chatservice.domain.port.CommandQueue;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command processor on a queue's batches, and on a schedule catches the search index up and
 * reconciles the counters. Safe to run in many processes at once.
 */
public final class Worker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());

    private final CommandQueue queue;
    private final CommandProcessor processor;
    private final Duration catchUpEvery;
    private final Duration reconcileEvery;
    private ScheduledExecutorService scheduler;
    private CommandQueue.Subscription subscription;

    public Worker(CommandQueue queue, CommandProcessor processor, Duration catchUpEvery, Duration reconcileEvery) {
        this.queue = queue;
        this.processor = processor;
        this.catchUpEvery = catchUpEvery;
        this.reconcileEvery = reconcileEvery;
    }

    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "worker-schedule");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> guarded("catch-up indexing", processor::indexSoon),
                catchUpEvery.toMillis(), catchUpEvery.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("counter reconciliation", processor::reconcileCounters),
                reconcileEvery.toMillis(), reconcileEvery.toMillis(), TimeUnit.MILLISECONDS);
        subscription = queue.subscribe(processor::process);
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; log and keep the schedule alive.
            LOG.log(System.Logger.Level.WARNING, what + " failed: " + e.getMessage(), e);
        }
    }

    /** Stops consuming after the batch in hand, then stops the schedule. */
    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
