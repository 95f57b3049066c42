package dev.chatservice.domain.memory;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.port.CommandQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A thread-safe {@link CommandQueue} held in memory: durable only as long as the process lives.
 * Batches are handed to one subscriber at a time, so commands stay in publish order.
 */
public final class InMemoryCommandQueue implements CommandQueue {
    private static final System.Logger LOG = System.getLogger(InMemoryCommandQueue.class.getName());

    private static final class Entry {
        final Command command;
        int deliveries;

        Entry(Command command) {
            this.command = command;
        }
    }

    private final int maxBatch;
    private final Duration maxWait;
    private final int maxDeliveries;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ReentrantLock delivering = new ReentrantLock(true);
    private final Deque<Entry> ready = new ArrayDeque<>();
    private final List<Command> deadLetters = new ArrayList<>();
    private int inFlight;

    /** Batches of up to 500 commands, gathered for up to 50 ms; a command is dead-lettered on its 5th failure. */
    public InMemoryCommandQueue() {
        this(500, Duration.ofMillis(50), 5);
    }

    public InMemoryCommandQueue(int maxBatch, Duration maxWait, int maxDeliveries) {
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        this.maxDeliveries = maxDeliveries;
    }

    @Override
    public void publish(Command command) {
        lock.lock();
        try {
            ready.addLast(new Entry(command));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Subscription subscribe(BatchHandler handler) {
        Thread thread = new Thread(() -> deliverUntilInterrupted(handler), "in-memory-queue-consumer");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Commands published and not yet acknowledged or dead-lettered. */
    public int backlog() {
        lock.lock();
        try {
            return ready.size() + inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Commands that failed too often; they are kept for inspection and never delivered again. */
    public List<Command> deadLetters() {
        lock.lock();
        try {
            return List.copyOf(deadLetters);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every published command was acknowledged or dead-lettered; false on timeout. Tests reach it
     * through the test-jar's {@code QueueDrain}: embedders see writes land as clients do, a moment later.
     */
    boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!ready.isEmpty() || inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void deliverUntilInterrupted(BatchHandler handler) {
        int failures = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                delivering.lockInterruptibly();
                try {
                    List<Entry> batch = take();
                    if (batch.isEmpty()) {
                        continue;
                    }
                    if (deliver(handler, batch)) {
                        failures = 0;
                        continue;
                    }
                } finally {
                    delivering.unlock();
                }
                failures++;
                Thread.sleep(Math.min(2_000L, 25L << Math.min(failures, 6)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Takes up to maxBatch entries, waiting up to maxWait for the batch to fill once the first arrives. */
    private List<Entry> take() throws InterruptedException {
        lock.lock();
        try {
            while (ready.isEmpty()) {
                changed.await();
            }
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (ready.size() < maxBatch) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            List<Entry> batch = new ArrayList<>(Math.min(ready.size(), maxBatch));
            while (batch.size() < maxBatch && !ready.isEmpty()) {
                Entry entry = ready.pollFirst();
                entry.deliveries++;
                batch.add(entry);
            }
            inFlight = batch.size();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private boolean deliver(BatchHandler handler, List<Entry> batch) {
        List<Command> commands = new ArrayList<>(batch.size());
        for (Entry entry : batch) {
            commands.add(entry.command);
        }
        boolean ok;
        try {
            handler.handle(commands);
            ok = true;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "batch of " + batch.size() + " commands failed; will retry", e);
            ok = false;
        }
        lock.lock();
        try {
            if (!ok) {
                // Back to the head, in order; the ones that failed too often leave for the dead letters.
                for (int i = batch.size() - 1; i >= 0; i--) {
                    Entry entry = batch.get(i);
                    if (entry.deliveries < maxDeliveries) {
                        ready.addFirst(entry);
                    }
                }
                for (Entry entry : batch) {
                    if (entry.deliveries >= maxDeliveries) {
                        deadLetters.add(entry.command);
                    }
                }
            }
            inFlight = 0;
            changed.signalAll();
            return ok;
        } finally {
            lock.unlock();
        }
    }
}
