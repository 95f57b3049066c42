package dev.chatservice.systemtests.faults;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one scenario's clients saw: every acknowledged write with its number, in the entities it shaped, and
 * the count of every kind of failed answer.
 */
final class Ledger {
    /** A chat as its owning client knows it. */
    static final class ChatRecord {
        final int number;
        volatile boolean deleted;
        /** A write on it was given up, so its final state is unknown. */
        volatile boolean uncertain;
        final Map<Integer, MessageRecord> messages = new ConcurrentHashMap<>();

        ChatRecord(int number) {
            this.number = number;
        }
    }

    /** A message as its owning client knows it: the body of its last acknowledged write. */
    static final class MessageRecord {
        final int chat;
        final int number;
        final String tag;
        volatile String body;
        volatile boolean deleted;
        volatile boolean uncertain;

        MessageRecord(int chat, int number, String tag, String body) {
            this.chat = chat;
            this.number = number;
            this.tag = tag;
            this.body = body;
        }
    }

    final Map<Integer, ChatRecord> chats = new ConcurrentHashMap<>();
    /** Numbers acknowledged twice to different creates: the clients' own view of duplicates. */
    final Queue<String> grantedTwice = new ConcurrentLinkedQueue<>();
    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicInteger gaveUp = new AtomicInteger();
    final AtomicInteger serverErrors = new AtomicInteger();
    final AtomicInteger internalErrors = new AtomicInteger();
    final AtomicInteger unavailable = new AtomicInteger();
    final AtomicInteger slowUnavailable = new AtomicInteger();
    final AtomicInteger unavailableWithoutRetryAfter = new AtomicInteger();
    final AtomicLong slowestUnavailableMillis = new AtomicLong();
    final AtomicInteger noAnswer = new AtomicInteger();
    final AtomicInteger timedOut = new AtomicInteger();
    /** When clients saw their first and last 503, System.nanoTime(); 0 if none did: the HA suite's window. */
    final AtomicLong firstUnavailableNanos = new AtomicLong();
    final AtomicLong lastUnavailableNanos = new AtomicLong();
    /** When a request last failed (5xx or no answer), System.nanoTime(); 0 if none did. */
    final AtomicLong lastFailureNanos = new AtomicLong();

    void answered(int status, long millis, boolean retryAfter) {
        if (status < 500) {
            return;
        }
        serverErrors.incrementAndGet();
        lastFailureNanos.set(System.nanoTime());
        if (status == 503) {
            long now = System.nanoTime();
            firstUnavailableNanos.compareAndSet(0, now);
            lastUnavailableNanos.accumulateAndGet(now, Math::max);
            unavailable.incrementAndGet();
            slowestUnavailableMillis.accumulateAndGet(millis, Math::max);
            if (millis > 1000) {
                slowUnavailable.incrementAndGet();
            }
            if (!retryAfter) {
                unavailableWithoutRetryAfter.incrementAndGet();
            }
        } else {
            internalErrors.incrementAndGet();
        }
    }

    void unanswered(boolean timedOut) {
        lastFailureNanos.set(System.nanoTime());
        (timedOut ? this.timedOut : noAnswer).incrementAndGet();
    }

    ChatRecord chatCreated(int number, String key) {
        ChatRecord record = new ChatRecord(number);
        if (chats.putIfAbsent(number, record) != null) {
            grantedTwice.add("chat " + number + " (again for " + key + ")");
            return null;
        }
        acknowledged.incrementAndGet();
        return record;
    }

    MessageRecord messageCreated(ChatRecord chat, int number, String tag, String body) {
        MessageRecord record = new MessageRecord(chat.number, number, tag, body);
        if (chat.messages.putIfAbsent(number, record) != null) {
            grantedTwice.add("message " + chat.number + "/" + number + " (again for " + tag + ")");
            return null;
        }
        acknowledged.incrementAndGet();
        return record;
    }
}
