package dev.chatservice.redis;

import dev.chatservice.domain.contract.AbstractNumberAllocatorTest;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryNumberCeilings;
import dev.chatservice.domain.port.NumberAllocator;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.UnifiedJedis;

/** Runs the allocator contract against the real local Redis. */
class RedisNumberAllocatorTest extends AbstractNumberAllocatorTest {
    private static UnifiedJedis redis;

    @BeforeAll
    static void connect() {
        redis = LocalRedis.connect();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Override
    protected NumberAllocator newAllocator() {
        InMemoryChatStore store = new InMemoryChatStore();
        // Headroom wide enough that the 8-thread tests never outrun a top-up: a spent counter would answer
        // "unavailable", which the contract's callers do not retry. TopUpTest covers that path.
        return new RedisNumberAllocator(redis, new InMemoryNumberCeilings(), store, store,
                "test:" + UUID.randomUUID() + ":", Headroom.of(10_000, Duration.ofSeconds(60)));
    }
}
