package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChangeFeed;
import dev.chatservice.domain.port.ChangeSignal;
import dev.chatservice.domain.usecase.NotFoundException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's open live streams and what feeds them: the fan-out's signals and resyncs, a heartbeat that also
 * checks every followed chat against its feed, and a recheck that ends the streams of deleted chats and
 * applications. No thread is held per stream; feed reads and writes run on a small pool.
 */
final class LiveStreams implements ChangeFanOut.ChangeListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveStreams.class.getName());
    private static final int READER_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final ChangeFeed feed;
    private final ChatService service;
    private final ChangeEvents events;
    private final StreamLimits limits;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<ChatRef, ChatTail> tails = new ConcurrentHashMap<>();
    private final ConcurrentMap<ApplicationToken, Set<ApplicationStream>> applicationStreams =
            new ConcurrentHashMap<>();
    private final ExecutorService readers = Executors.newFixedThreadPool(READER_THREADS, daemon("stream-reader"));
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            daemon("stream-schedule"));
    private final Timer signalToSend;
    private volatile ChangeFanOut.Subscription subscription;
    private volatile boolean stopping;

    /** An application's stream: its place in each chat it has met. */
    private static final class ApplicationStream {
        final EventStream stream;
        final Instant openedAt;
        final ConcurrentMap<ChatNumber, StreamFollower> chats = new ConcurrentHashMap<>();

        ApplicationStream(EventStream stream, Instant openedAt) {
            this.stream = stream;
            this.openedAt = openedAt;
        }
    }

    LiveStreams(ChangeFeed feed, ChatService service, ChangeEvents events, StreamLimits limits,
                MeterRegistry registry) {
        this.feed = feed;
        this.service = service;
        this.events = events;
        this.limits = limits;
        Gauge.builder("chat.streams.open", streams, Set::size)
                .description("live event streams open on this node").register(registry);
        signalToSend = Timer.builder("chat.streams.signal.to.send")
                .description("from a change signal's receipt on this node to its changes written to the streams")
                .publishPercentileHistogram().register(registry);
    }

    /** Starts listening and the schedules; a fan-out that cannot listen now is tried again each heartbeat. */
    void start(ChangeFanOut fanOut) {
        long heartbeat = limits.heartbeatEvery().toMillis();
        schedule.scheduleWithFixedDelay(() -> guarded("heartbeat", () -> heartbeat(fanOut)), heartbeat, heartbeat,
                TimeUnit.MILLISECONDS);
        long recheck = limits.recheckEvery().toMillis();
        schedule.scheduleWithFixedDelay(() -> guarded("recheck", this::recheck), recheck, recheck,
                TimeUnit.MILLISECONDS);
        listen(fanOut);
    }

    private void listen(ChangeFanOut fanOut) {
        try {
            subscription = fanOut.listen(this);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot listen for changes yet; streams follow their feeds on "
                    + "each heartbeat meanwhile: " + e.getMessage());
        }
    }

    /** Takes a place under the cap; false when the node serves as many streams as it may. */
    boolean admit() {
        while (true) {
            int now = admitted.get();
            if (stopping || now >= limits.maxStreams()) {
                return false;
            }
            if (admitted.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a place that {@link #admit()} took for a stream that never opened. */
    void release() {
        admitted.decrementAndGet();
    }

    /** Opens a chat's stream at {@code cursor}: it gets every change after it, then the live ones. */
    EventStream openChat(OutputStream out, ChatRef chat, long cursor) {
        EventStream stream = new EventStream(out, ended -> closed(ended, chat));
        streams.add(stream);
        StreamFollower follower = new StreamFollower(stream, events::chatFrame, cursor, Optional.empty());
        ChatTail tail = tails.compute(chat, (ref, existing) -> {
            ChatTail t = existing == null ? newTail(ref) : existing;
            t.add(follower);
            return t;
        });
        tail.requestRead();
        return stream;
    }

    /**
     * Opens an application's stream: changes of its chats from now on, and, when {@code resume} names a chat
     * and seq, that chat's changes after it.
     */
    EventStream openApplication(OutputStream out, ApplicationToken application,
                                Optional<Resume> resume, Instant openedAt) {
        EventStream stream = new EventStream(out, ended -> closedApplication(ended, application));
        streams.add(stream);
        ApplicationStream opened = new ApplicationStream(stream, openedAt);
        resume.ifPresent(r -> opened.chats.put(r.chat(),
                new StreamFollower(stream, events::applicationFrame, r.seq(), Optional.empty())));
        applicationStreams.computeIfAbsent(application, a -> ConcurrentHashMap.newKeySet()).add(opened);
        resume.ifPresent(r -> tails.computeIfAbsent(new ChatRef(application, r.chat()), this::newTail)
                .requestRead());
        return stream;
    }

    /** Where an application stream resumes: one chat's seq. */
    record Resume(ChatNumber chat, long seq) {}

    private ChatTail newTail(ChatRef chat) {
        return new ChatTail(chat, feed, readers, () -> applicationFollowers(chat),
                nanos -> signalToSend.record(nanos, TimeUnit.NANOSECONDS));
    }

    private List<StreamFollower> applicationFollowers(ChatRef chat) {
        return applicationStreams.getOrDefault(chat.application(), Set.of()).stream()
                .filter(a -> !a.stream.ended())
                .map(a -> a.chats.computeIfAbsent(chat.chat(), c -> new StreamFollower(a.stream,
                        events::applicationFrame, StreamFollower.UNSEEN, Optional.of(a.openedAt))))
                .toList();
    }

    /** The tail of a chat that someone here follows, made on demand for an application's stream; or null. */
    private ChatTail followedTail(ChatRef chat) {
        ChatTail tail = tails.get(chat);
        if (tail == null && !applicationStreams.getOrDefault(chat.application(), Set.of()).isEmpty()) {
            tail = tails.computeIfAbsent(chat, this::newTail);
        }
        return tail;
    }

    @Override
    public void signal(ChangeSignal signal) {
        ChatRef chat = new ChatRef(signal.application(), signal.chat());
        ChatTail tail = followedTail(chat);
        if (tail == null) {
            return;
        }
        if (signal instanceof ChangeSignal.ChatChanged changed) {
            tail.signalled(changed.seq());
        } else {
            tail.created(() -> {
                try {
                    return events.chatCreatedFrame(service.getChat().get(chat));
                } catch (NotFoundException e) {
                    return null; // deleted already; its chat.deleted follows from the feed
                }
            });
        }
    }

    @Override
    public void resync() {
        tails.values().forEach(ChatTail::requestRead);
    }

    private void heartbeat(ChangeFanOut fanOut) {
        if (subscription == null && !stopping) {
            listen(fanOut);
        }
        for (EventStream stream : streams) {
            readers.execute(() -> stream.writeIfIdle(ChangeEvents.heartbeat()));
        }
        for (ChatTail tail : tails.values()) {
            readers.execute(() -> guarded("gap check", () -> {
                long lowest = tail.lowestCursor();
                if (lowest >= 0 && feed.latestSeq(tail.chat) > lowest) {
                    tail.requestRead();
                }
            }));
        }
    }

    /** Ends the streams of chats and applications deleted since, and forgets chats nobody follows. */
    private void recheck() {
        for (ChatTail tail : tails.values()) {
            if (tail.hasChatStreams()) {
                readers.execute(() -> guarded("chat recheck", () -> {
                    try {
                        service.followChat().follow(tail.chat);
                    } catch (NotFoundException e) {
                        tail.chatStreams().forEach(stream -> stream.end(null));
                    }
                }));
            }
        }
        for (var entry : applicationStreams.entrySet()) {
            readers.execute(() -> guarded("application recheck", () -> {
                try {
                    service.getApplication().get(entry.getKey());
                } catch (NotFoundException e) {
                    entry.getValue().forEach(a -> a.stream.end(null));
                }
            }));
        }
        for (ChatRef chat : tails.keySet()) {
            tails.computeIfPresent(chat, (ref, tail) -> tail.hasChatStreams()
                    || !applicationStreams.getOrDefault(ref.application(), Set.of()).isEmpty() ? tail : null);
        }
    }

    private void closed(EventStream stream, ChatRef chat) {
        if (streams.remove(stream)) {
            admitted.decrementAndGet();
        }
        tails.computeIfPresent(chat, (ref, tail) -> {
            tail.remove(stream);
            return tail;
        });
    }

    private void closedApplication(EventStream stream, ApplicationToken application) {
        if (streams.remove(stream)) {
            admitted.decrementAndGet();
        }
        applicationStreams.computeIfPresent(application, (a, set) -> {
            set.removeIf(s -> s.stream == stream);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many streams are open on this node. */
    int open() {
        return streams.size();
    }

    /**
     * Ends every stream with a reconnection hint, so that clients reconnect, through the load balancer, to a
     * node that is not stopping; new streams are refused from now on.
     */
    void shutdown() {
        stopping = true;
        for (EventStream stream : List.copyOf(streams)) {
            stream.end(ChangeEvents.retry(limits.retryMillis()));
        }
    }

    @Override
    public void close() {
        shutdown();
        ChangeFanOut.Subscription listening = subscription;
        if (listening != null) {
            listening.close();
        }
        schedule.shutdownNow();
        readers.shutdownNow();
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; the next round tries anew.
            LOG.log(System.Logger.Level.WARNING, "live streams: " + what + " failed: " + e.getMessage());
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
