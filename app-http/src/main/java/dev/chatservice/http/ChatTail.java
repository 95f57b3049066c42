package dev.chatservice.http;

import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChangeFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's reader of one followed chat's change feed. Signals, resyncs and heartbeats only ask for a read; at
 * most one read runs at a time, and a request during a read makes it read once more. Every read starts after
 * the lowest seq its streams sent, so a stream that resumes from an older id is replayed by the same read that
 * feeds the others: no gap, no duplicate, whatever the order of resume and live changes.
 */
final class ChatTail {
    private static final System.Logger LOG = System.getLogger(ChatTail.class.getName());
    static final int PAGE = 500;
    /** How far before the latest seq known a read looks for an application stream that has not met the chat. */
    static final int UNSEEN_LOOKBACK = 100;

    final ChatRef chat;
    private final ChangeFeed feed;
    private final Executor readers;
    private final Supplier<List<StreamFollower>> applicationFollowers;
    private final Consumer<Long> sentAfterSignal;
    private final List<StreamFollower> chatFollowers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** The highest seq a signal named, to bound the first read for unseen followers. */
    private final AtomicLong signalled = new AtomicLong();
    /** When the oldest signal not yet read arrived (System.nanoTime), 0 if none. */
    private final AtomicLong signalReceivedAt = new AtomicLong();
    /** A chat.created frame waiting to be sent to application streams, before any change of the chat. */
    private volatile Supplier<String> created;

    /**
     * @param applicationFollowers the followers, in this chat, of the application's streams now open
     * @param sentAfterSignal      told, in nanoseconds, how long after a signal's receipt its changes were sent
     */
    ChatTail(ChatRef chat, ChangeFeed feed, Executor readers, Supplier<List<StreamFollower>> applicationFollowers,
             Consumer<Long> sentAfterSignal) {
        this.chat = chat;
        this.feed = feed;
        this.readers = readers;
        this.applicationFollowers = applicationFollowers;
        this.sentAfterSignal = sentAfterSignal;
    }

    /** Adds a chat stream's follower; the caller then asks for a read, which replays what it lacks. */
    void add(StreamFollower follower) {
        chatFollowers.add(follower);
    }

    void remove(EventStream stream) {
        chatFollowers.removeIf(f -> f.stream == stream);
    }

    boolean hasChatStreams() {
        return !chatFollowers.isEmpty();
    }

    List<EventStream> chatStreams() {
        return chatFollowers.stream().map(f -> f.stream).toList();
    }

    /** A signal said the chat changed up to {@code seq}. */
    void signalled(long seq) {
        signalled.accumulateAndGet(seq, Math::max);
        signalReceivedAt.compareAndSet(0, System.nanoTime());
        requestRead();
    }

    /**
     * The chat was created: application streams send this frame (read when the read runs, off the caller's
     * thread) before any of its changes.
     */
    void created(Supplier<String> frame) {
        created = frame;
        requestRead();
    }

    /** The lowest seq the chat's streams sent, or -1 if none knows one. */
    long lowestCursor() {
        long lowest = Long.MAX_VALUE;
        for (StreamFollower follower : followers()) {
            if (follower.cursor() != StreamFollower.UNSEEN) {
                lowest = Math.min(lowest, follower.cursor());
            }
        }
        return lowest == Long.MAX_VALUE ? -1 : lowest;
    }

    void requestRead() {
        dirty.set(true);
        if (reading.compareAndSet(false, true)) {
            readers.execute(this::drain);
        }
    }

    private void drain() {
        try {
            while (dirty.getAndSet(false)) {
                readOnce();
            }
        } catch (RuntimeException e) {
            // The feed may be down: the next signal or heartbeat asks again.
            LOG.log(System.Logger.Level.WARNING, "reading the change feed of " + chat + " failed: " + e.getMessage());
        } finally {
            reading.set(false);
        }
        // A request that came between the last check and the release above.
        if (dirty.get() && reading.compareAndSet(false, true)) {
            readers.execute(this::drain);
        }
    }

    private List<StreamFollower> followers() {
        List<StreamFollower> all = new ArrayList<>(chatFollowers);
        all.addAll(applicationFollowers.get());
        return all;
    }

    private void readOnce() {
        long receivedAt = signalReceivedAt.getAndSet(0);
        List<StreamFollower> followers = followers();
        if (followers.isEmpty()) {
            return;
        }
        Supplier<String> announcement = created;
        if (announcement != null) {
            created = null;
            String frame = announcement.get();
            for (StreamFollower follower : frame == null ? List.<StreamFollower>of() : applicationFollowers.get()) {
                if (follower.startNew()) {
                    follower.stream.write(frame);
                }
            }
        }
        // An unseen follower needs only recent changes: look back a little from the latest seq known here.
        long known = signalled.get();
        for (StreamFollower follower : followers) {
            known = Math.max(known, follower.cursor());
        }
        long since = Long.MAX_VALUE;
        for (StreamFollower follower : followers) {
            long from = follower.cursor() == StreamFollower.UNSEEN
                    ? Math.max(0, known - UNSEEN_LOOKBACK) : follower.cursor();
            since = Math.min(since, from);
        }
        boolean sent = false;
        boolean chatDeleted = false;
        while (true) {
            List<ChatChange> page = feed.changesSince(chat, since, PAGE);
            for (ChatChange change : page) {
                for (StreamFollower follower : followers) {
                    sent |= follower.offer(change);
                }
                chatDeleted |= change.kind() == ChatChange.Kind.CHAT_DELETED;
                since = change.seq();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (sent && receivedAt != 0) {
            sentAfterSignal.accept(System.nanoTime() - receivedAt);
        }
        if (chatDeleted) {
            // The chat's own streams have nothing left to say; application streams go on with other chats.
            for (StreamFollower follower : chatFollowers) {
                follower.stream.end(null);
            }
        }
    }
}
