package live;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The matching of each accepted message's 202 on node A with its {@code message.created} event on node B, by
 * chat and message number: either may come first, so whichever arrives creates the message's record.
 */
final class Deliveries {
    /** What happened to one accepted message: when it was sent, when its 202 and its first event arrived (nanoTime). */
    static final class Seen {
        volatile boolean measured;
        volatile boolean answered;
        volatile long scheduled;
        volatile long accepted;
        volatile long event;
        final AtomicInteger events = new AtomicInteger();
    }

    private final Map<Long, Seen> seen = new ConcurrentHashMap<>();
    final AtomicInteger unexpectedEvents = new AtomicInteger();
    final AtomicInteger otherEvents = new AtomicInteger();
    final AtomicInteger streamsEnded = new AtomicInteger();

    private static long key(int chat, long number) {
        return ((long) chat << 32) | number;
    }

    /** A 202 for message NUMBER of CHAT, sent at SCHEDULED, arrived at ARRIVED (nanoTime). */
    void answered(int chat, long number, boolean measured, long scheduled, long arrived) {
        Seen s = seen.computeIfAbsent(key(chat, number), k -> new Seen());
        s.measured = measured;
        s.scheduled = scheduled;
        s.accepted = arrived;
        s.answered = true;
    }

    /** A message.created event of message NUMBER of CHAT, arrived at NOW (nanoTime). */
    void event(int chat, long number, long now) {
        Seen s = seen.computeIfAbsent(key(chat, number), k -> new Seen());
        if (s.events.getAndIncrement() == 0) {
            s.event = now;
        }
    }

    /** The accepted messages whose event has not arrived (yet). */
    int missing() {
        int n = 0;
        for (Seen s : seen.values()) {
            if (s.answered && s.events.get() == 0) {
                n++;
            }
        }
        return n;
    }

    Collection<Seen> all() {
        return seen.values();
    }
}
