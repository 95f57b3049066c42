package dev.chatservice.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.command.CreateChatCommand;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryNumberCeilings;
import dev.chatservice.domain.model.Application;
import dev.chatservice.domain.model.ApplicationName;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.port.Allocation;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.Pool;

/**
 * A change of Redis primary, simulated on the local server: the replication id each new connection reports is
 * the test's to set, and dropping the pooled connections stands for Sentinel killing the clients of the servers
 * whose role it changed. The old primary's counters, lowered by hand, stand for a replica that lagged behind.
 */
class RedisNumberAllocatorFailoverTest {
    private static final Headroom HEADROOM = Headroom.of(5, Duration.ofSeconds(60));

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final InMemoryNumberCeilings ceilings = new InMemoryNumberCeilings();
    private final String prefix = "test:" + UUID.randomUUID() + ":";
    private final AtomicReference<String> serverId = new AtomicReference<>("replid-one");
    private final AtomicInteger idReads = new AtomicInteger();
    private final ApplicationToken token = ApplicationToken.generate(new SecureRandom());
    private WatchedRedis redis;
    private RedisNumberAllocator allocator;

    @BeforeEach
    void setUp() {
        LocalRedis.connect().close(); // fails loudly when Redis is down
        redis = RedisConnections.connect(RedisUrl.parse(LocalRedis.URL), connection -> {
            idReads.incrementAndGet();
            return serverId.get();
        });
        allocator = new RedisNumberAllocator(redis, ceilings, store, store, prefix, HEADROOM, Runnable::run);
        Instant now = Instant.now();
        store.createApplication(new Application(token, new ApplicationName("app"), 0, now, now));
        allocator.registerApplication(token);
    }

    @AfterEach
    void tearDown() {
        redis.keys(prefix + "*").forEach(redis::del);
        redis.close();
    }

    /** The new primary takes over: every connection is new, and reports the new replication id. */
    private void failOver(String newId) {
        serverId.set(newId);
        redis.primary().getConnectionMap().values().forEach(pool -> ((Pool<?>) pool).clear());
    }

    /** Lowers every counter this test has, as a replica that missed the last grants holds them. */
    private void lagBehind(long next) {
        for (String key : redis.keys(prefix + "*")) {
            if ("hash".equals(redis.type(key))) {
                redis.hset(key, "next", Long.toString(next));
            }
        }
    }

    private int chat(Optional<IdempotencyKey> key) {
        Allocation<ChatNumber> allocation = allocator.allocateChat(token, key, Instant.now());
        return assertInstanceOf(Allocation.Granted.class, allocation).number() instanceof ChatNumber n
                ? n.value() : -1;
    }

    private int message(ChatRef chat) {
        Allocation<MessageNumber> allocation = allocator.allocateMessage(chat, Optional.empty(), "f", Instant.now());
        return assertInstanceOf(Allocation.Granted.class, allocation).number() instanceof MessageNumber n
                ? n.value() : -1;
    }

    @Test
    void allocateChat_afterFailoverToLaggingReplica_grantsAboveEveryEarlierNumber() {
        int highest = 0;
        for (int i = 0; i < 12; i++) {
            highest = Math.max(highest, chat(Optional.empty()));
        }
        lagBehind(1);
        failOver("replid-two");
        for (int i = 0; i < 12; i++) {
            int granted = chat(Optional.empty());
            assertTrue(granted > highest, granted + " is not above " + highest);
            highest = granted;
        }
    }

    @Test
    void allocateMessage_afterFailoverToLaggingReplica_grantsAboveEveryEarlierNumber() {
        ChatRef chat = new ChatRef(token, new ChatNumber(chat(Optional.empty())));
        store.apply(List.of(new CreateChatCommand(chat, Instant.now())));
        int highest = 0;
        for (int i = 0; i < 9; i++) {
            highest = Math.max(highest, message(chat));
        }
        lagBehind(2);
        failOver("replid-two");
        assertTrue(allocator.chatExists(chat));
        assertTrue(allocator.messageGranted(new dev.chatservice.domain.model.MessageRef(chat,
                new MessageNumber(highest))));
        int after = message(chat);
        assertTrue(after > highest, after + " is not above " + highest);
    }

    @Test
    void allocateChat_twoFailoversInARow_neverRepeatsANumber() {
        int first = chat(Optional.empty());
        failOver("replid-two");
        int second = chat(Optional.empty());
        lagBehind(0);
        failOver("replid-three");
        int third = chat(Optional.empty());
        assertTrue(first < second && second < third, List.of(first, second, third).toString());
    }

    @Test
    void allocateChat_samePrimaryReconnected_keepsCountingWithoutGap() {
        int first = chat(Optional.empty());
        failOver("replid-one");
        assertEquals(first + 1, chat(Optional.empty()));
    }

    @Test
    void allocateChat_idempotencyKeyReplicatedBeforeFailover_replaysSameNumber() {
        Optional<IdempotencyKey> key = Optional.of(new IdempotencyKey("retry-me"));
        int granted = chat(key);
        failOver("replid-two");
        assertEquals(granted, chat(key));
    }

    @Test
    void allocateChat_steadyState_readsReplicationIdOncePerConnection() {
        for (int i = 0; i < 20; i++) {
            chat(Optional.empty());
        }
        long created = redis.primary().getConnectionMap().values().stream()
                .mapToLong(pool -> ((Pool<?>) pool).getCreatedCount()).sum();
        assertEquals(created, idReads.get());
    }

    @Test
    void expecting_otherPrimary_refusesTheCommandBeforeSendingIt() {
        chat(Optional.empty());
        failOver("replid-two");
        String before = redis.get(prefix + "untouched");
        assertThrows(PrimaryChangedException.class, () -> redis.primary().expecting("replid-one",
                () -> redis.set(prefix + "untouched", "written")));
        assertEquals(before, redis.get(prefix + "untouched"));
        assertEquals("replid-two", redis.primary().current());
    }
}
