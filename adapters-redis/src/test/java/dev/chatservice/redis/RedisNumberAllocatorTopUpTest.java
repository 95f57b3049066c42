package dev.chatservice.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * How the Redis allocator keeps numbers reserved ahead: sized by rate, topped up off the request thread, and
 * never waiting on the durable store. Time is the grants' {@code now}, so rates are exact and nothing sleeps.
 */
class RedisNumberAllocatorTopUpTest {
    private static final Headroom HEADROOM = Headroom.of(5, Duration.ofSeconds(60));
    private static UnifiedJedis redis;

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final RecordingCeilings ceilings = new RecordingCeilings();
    private final String prefix = "test:" + UUID.randomUUID() + ":";
    /** Top-ups handed to the background, run only when a test says so. */
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final Executor background = pending::add;
    private final ApplicationToken token = ApplicationToken.generate(new SecureRandom());
    private Instant now;

    @BeforeAll
    static void connect() {
        redis = LocalRedis.connect();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        Instant created = Instant.now();
        store.createApplication(new Application(token, new ApplicationName("app"), 0, created, created));
    }

    @AfterEach
    void forgetKeys() {
        redis.keys(prefix + "*").forEach(redis::del);
    }

    private RedisNumberAllocator allocator(Executor topUps) {
        RedisNumberAllocator allocator = new RedisNumberAllocator(redis, ceilings, store, store, prefix, HEADROOM,
                topUps);
        allocator.registerApplication(token);
        // Grants start after the registration, which opened the counter's first rate window.
        now = Instant.now();
        return allocator;
    }

    /** Grants a chat number {@code step} after the previous grant. */
    private int chat(RedisNumberAllocator allocator, Duration step) {
        now = now.plus(step);
        Allocation<ChatNumber> allocation = allocator.allocateChat(token, Optional.empty(), now);
        return ((ChatNumber) assertInstanceOf(Allocation.Granted.class, allocation).number()).value();
    }

    private void runPending() {
        while (!pending.isEmpty()) {
            pending.poll().run();
        }
    }

    @Test
    void allocateChat_quietApplication_keepsSmallBlocks() {
        RedisNumberAllocator allocator = allocator(Runnable::run);
        for (int i = 0; i < 100; i++) {
            chat(allocator, Duration.ofMinutes(1));
        }
        // One grant a minute is below the minimum, so every top-up leaves 2 × 5 numbers ahead.
        assertTrue(ceilings.calls().size() >= 15, "many small top-ups: " + ceilings.calls());
        assertTrue(ceilings.calls().stream().allMatch(call -> call.count() <= HEADROOM.first()), ceilings.calls()
                .toString());
        assertTrue(ceilings.chatCeiling(token) <= 100 + HEADROOM.first(), "ceiling " + ceilings.chatCeiling(token));
    }

    @Test
    void allocateChat_busyApplication_keepsAMinuteOfItsRateReserved() {
        RedisNumberAllocator allocator = allocator(Runnable::run);
        int last = 0;
        for (int i = 0; i < 3_000; i++) {
            last = chat(allocator, Duration.ofMillis(1));
        }
        // A top-up reserves a minute at 1,000 grants a second. When it comes depends on how soon the rate window
        // (opened by the registration, on the real clock) sees that rate: as early as the 6th grant, after which
        // the 3 s of grants use up to 3,000 of the 60,000. So at least 57 s of the rate stay reserved.
        assertTrue(ceilings.chatCeiling(token) - last >= 57_000, "ceiling " + ceilings.chatCeiling(token)
                + " after grant " + last);
        assertTrue(ceilings.calls().size() <= 4, "few, large top-ups: " + ceilings.calls());
    }

    @Test
    void allocateChat_busyThenQuiet_usesItsReserveThenReservesSmallBlocks() {
        RedisNumberAllocator allocator = allocator(Runnable::run);
        for (int i = 0; i < 100; i++) {
            chat(allocator, Duration.ofMillis(100));
        }
        int busyCalls = ceilings.calls().size();
        long busyCeiling = ceilings.chatCeiling(token);
        assertTrue(busyCeiling >= 100 + 600, "ten grants a second keep 600 ahead: " + busyCeiling);
        int last = 0;
        while (ceilings.calls().size() == busyCalls) {
            last = chat(allocator, Duration.ofMinutes(1));
        }
        assertTrue(last >= busyCeiling - HEADROOM.minimum(), "reserved again at " + last + " of " + busyCeiling);
        assertTrue(ceilings.calls().get(busyCalls).count() <= HEADROOM.first(), ceilings.calls().toString());
    }

    @Test
    void allocateChat_ownExecutor_reservesOnItsOwnThread() throws InterruptedException {
        try (RedisNumberAllocator allocator = new RedisNumberAllocator(redis, ceilings, store, store, prefix,
                HEADROOM)) {
            allocator.registerApplication(token);
            now = Instant.now();
            for (int i = 0; i < HEADROOM.minimum() + 1; i++) {
                chat(allocator, Duration.ofMillis(1));
            }
            // A liveness bound, not a speed requirement: the top-up is asynchronous by design.
            for (int i = 0; i < 1_000 && ceilings.calls().size() < 2; i++) {
                Thread.sleep(10);
            }
        }
        assertEquals(2, ceilings.calls().size(), ceilings.calls().toString());
        assertEquals("redis-allocator-topup", ceilings.calls().get(1).thread());
    }

    @Test
    void allocateChat_headroomSpent_answersUnavailableWithoutTouchingTheStore() {
        RedisNumberAllocator allocator = allocator(background);
        for (int i = 1; i <= HEADROOM.first(); i++) {
            assertEquals(i, chat(allocator, Duration.ofMillis(1)));
        }
        int registration = ceilings.calls().size();
        assertThrows(DependencyUnavailableException.class,
                () -> allocator.allocateChat(token, Optional.empty(), now));
        assertThrows(DependencyUnavailableException.class,
                () -> allocator.allocateChat(token, Optional.empty(), now));
        assertEquals(registration, ceilings.calls().size(), "no reservation on the request thread");
        assertEquals(1, pending.size(), "one top-up handed to the background");
        runPending();
        assertEquals(HEADROOM.first() + 1, chat(allocator, Duration.ofMillis(1)));
    }

    @Test
    void allocateChat_storeDownThenBack_retriesTheTopUpOnceTheLeaseExpires() {
        RedisNumberAllocator allocator = allocator(Runnable::run);
        ceilings.setDown(true);
        for (int i = 1; i <= HEADROOM.first(); i++) {
            chat(allocator, Duration.ofMillis(1));
        }
        assertEquals(1, ceilings.calls().stream().filter(call -> !call.granted()).count(), "one failed top-up");
        assertThrows(DependencyUnavailableException.class,
                () -> allocator.allocateChat(token, Optional.empty(), now));
        ceilings.setDown(false);
        now = now.plusMillis(RedisNumberAllocator.TOP_UP_LEASE_MILLIS);
        // This grant takes the expired lease: its top-up runs, though the grant itself still finds none left.
        assertThrows(DependencyUnavailableException.class,
                () -> allocator.allocateChat(token, Optional.empty(), now));
        assertEquals(HEADROOM.first() + 1, chat(allocator, Duration.ofMillis(1)));
    }

    @Test
    void allocateChat_twoNodesCrossTheLowMark_oneTopUpBetweenThem() {
        Queue<Runnable> otherPending = new ArrayDeque<>();
        RedisNumberAllocator one = allocator(background);
        RedisNumberAllocator other = new RedisNumberAllocator(redis, ceilings, store, store, prefix, HEADROOM,
                otherPending::add);
        for (int i = 0; i < HEADROOM.first(); i++) {
            chat(i % 2 == 0 ? one : other, Duration.ofMillis(1));
        }
        assertEquals(1, pending.size() + otherPending.size());
    }

    @Test
    void allocateChat_afterRedisLostTheCounter_recoversInLineAboveTheDurableCeiling() {
        RedisNumberAllocator allocator = allocator(background);
        chat(allocator, Duration.ofMillis(1));
        long durable = ceilings.chatCeiling(token);
        forgetKeys();
        // Recovery, not the normal path: the grant itself asks the durable store where to restart.
        assertTrue(chat(allocator, Duration.ofMillis(1)) > durable);
        assertEquals(Thread.currentThread().getName(), ceilings.calls().get(ceilings.calls().size() - 1).thread());
        assertEquals(0, pending.size());
    }

    @Test
    void allocateChat_redisLostTheCounterAndStoreDown_answersUnavailable() {
        RedisNumberAllocator allocator = allocator(background);
        chat(allocator, Duration.ofMillis(1));
        forgetKeys();
        ceilings.setDown(true);
        assertThrows(DependencyUnavailableException.class,
                () -> allocator.allocateChat(token, Optional.empty(), now));
    }

    @Test
    void allocateChat_numbersReservedElsewhereMeanwhile_skipsThem() {
        RedisNumberAllocator allocator = allocator(background);
        int last = 0;
        while (pending.isEmpty()) {
            last = chat(allocator, Duration.ofMinutes(1));
        }
        long ownCeiling = ceilings.chatCeiling(token);
        // Another primary, cut off from this one, restarts the counter above the durable ceiling.
        long elsewhere = ceilings.reserveChatNumbers(token, 50);
        runPending();
        int next = last;
        while (next <= ownCeiling && next < last + 100) {
            next = chat(allocator, Duration.ofMinutes(1));
        }
        assertTrue(next > elsewhere, next + " is not above " + elsewhere + ", reserved elsewhere");
    }
}
