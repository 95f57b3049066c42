package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatChange;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChangeFeed;
import dev.chatservice.domain.port.ChangeSignal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry alone, on a fan-out the test drives: resyncs, and how feed reads coalesce. */
class LiveStreamsTest {
    private static final long PATIENCE_MILLIS = 15_000;

    /** Hands the test the listener, so that it can resync or signal as a broker consumer would. */
    private static final class DrivenFanOut implements ChangeFanOut {
        volatile ChangeListener listener;

        @Override
        public void publish(List<ChangeSignal> signals) {
            signals.forEach(listener::signal);
        }

        @Override
        public Subscription listen(ChangeListener changeListener) {
            listener = changeListener;
            return () -> listener = null;
        }
    }

    /** Counts reads; the first one waits until the test lets it go. */
    private static final class GatedFeed implements ChangeFeed {
        final FakeChangeFeed changes = new FakeChangeFeed();
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch firstReadStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<ChatChange> changesSince(ChatRef chat, long since, int limit) {
            if (reads.incrementAndGet() == 1) {
                firstReadStarted.countDown();
                try {
                    release.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return changes.changesSince(chat, since, limit);
        }

        @Override
        public long latestSeq(ChatRef chat) {
            return changes.latestSeq(chat);
        }
    }

    private final DrivenFanOut fanOut = new DrivenFanOut();
    private final ChatRef chat = new ChatRef(ApplicationToken.generate(new SecureRandom()), new ChatNumber(1));
    private LiveStreams live;

    private LiveStreams start(ChangeFeed feed) {
        InMemoryChatStore store = new InMemoryChatStore();
        ChatService service = ChatService.of(store, store, store, new InMemoryNumberAllocator(),
                new InMemoryCommandQueue(), new InMemoryMessageSearch(), Clock.systemUTC(), fanOut);
        // Schedules too slow to act within a test: what is sent here comes from signals and resyncs alone.
        live = new LiveStreams(feed, service, new ChangeEvents(HttpApi.objectMapper()),
                new StreamLimits(10, Duration.ofSeconds(15), Duration.ofHours(1), 0), new SimpleMeterRegistry());
        live.start(fanOut);
        return live;
    }

    @AfterEach
    void stop() {
        if (live != null) {
            live.close();
        }
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "not within " + PATIENCE_MILLIS + " ms");
            Thread.sleep(10);
        }
    }

    @Test
    void resync_openStream_sendsWhatTheFeedGainedWithoutAnySignal() throws Exception {
        FakeChangeFeed feed = new FakeChangeFeed();
        start(feed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        live.openChat(out, chat, 0);
        feed.created(chat, 1, "missed while the broker was away");

        fanOut.listener.resync();

        await(() -> text(out).contains("id: 1\n"));
        assertTrue(text(out).contains("missed while the broker was away"), text(out));
    }

    @Test
    void signals_duringARead_coalesceIntoOneMoreRead() throws Exception {
        GatedFeed feed = new GatedFeed();
        start(feed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        live.openChat(out, chat, 0);
        assertTrue(feed.firstReadStarted.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS));
        for (int seq = 1; seq <= 50; seq++) {
            feed.changes.created(chat, seq, "m" + seq);
            fanOut.listener.signal(new ChangeSignal.ChatChanged(chat.application(), chat.chat(), seq));
        }

        feed.release.countDown();

        await(() -> text(out).contains("id: 50\n"));
        assertEquals(2, feed.reads.get(), "the read in flight, then one more for all 50 signals");
        assertEquals(50, text(out).split("event: message.created").length - 1, "each change once");
    }

    @Test
    void signal_ofAChatNobodyFollows_readsNothing() throws Exception {
        GatedFeed feed = new GatedFeed();
        feed.release.countDown();
        start(feed);
        fanOut.listener.signal(new ChangeSignal.ChatChanged(chat.application(), chat.chat(), 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        live.openChat(out, new ChatRef(chat.application(), new ChatNumber(2)), 0);
        await(() -> feed.reads.get() >= 1);
        assertEquals(1, feed.reads.get(), "only the followed chat's opening read");
    }
}
