package dev.chatservice.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the sweep after a change of primary deletes, on the local Redis with a simulated replication id. */
class StaleCountersTest {
    private static final String CURRENT = "a".repeat(40);
    private static final String EARLIER = "b".repeat(40);

    private final String prefix = "test:" + UUID.randomUUID() + ":";
    private WatchedRedis redis;
    private StaleCounters stale;

    @BeforeEach
    void setUp() {
        LocalRedis.connect().close(); // fails loudly when Redis is down
        redis = RedisConnections.connect(RedisUrl.parse(LocalRedis.URL), connection -> CURRENT);
        stale = new StaleCounters(redis, redis.primary(), prefix);
    }

    @AfterEach
    void tearDown() {
        redis.keys(prefix + "*").forEach(redis::del);
        redis.close();
    }

    private List<String> keys(String... suffixes) {
        return List.of(suffixes).stream().map(suffix -> prefix + suffix).toList();
    }

    @Test
    void sweepOnce_countersOfEarlierPrimariesAndVersions_deletedOthersKept() {
        List<String> staleKeys = keys("p" + EARLIER + ":a:app", "p" + EARLIER + ":c:app:1", "a:app", "c:app:1");
        List<String> kept = keys("p" + CURRENT + ":a:app", "k:a:app:key", "presence:app", "pending", "p:short");
        staleKeys.forEach(key -> redis.hset(key, "next", "1"));
        kept.forEach(key -> redis.hset(key, "next", "1"));
        assertEquals(staleKeys.size(), stale.sweepOnce(CURRENT));
        assertEquals(0, staleKeys.stream().filter(redis::exists).count());
        assertEquals(kept.size(), kept.stream().filter(redis::exists).count());
    }

    @Test
    void sweepOnce_secondTimeForSamePrimary_doesNothing() {
        stale.sweepOnce(CURRENT);
        redis.hset(prefix + "a:app", "next", "1");
        assertEquals(0, stale.sweepOnce(CURRENT));
        assertEquals(true, redis.exists(prefix + "a:app"));
    }

    @Test
    void sweepOnce_connectedToAnotherPrimary_refusedBeforeDeletingAnything() {
        redis.hset(prefix + "p" + EARLIER + ":a:app", "next", "1");
        assertThrows(PrimaryChangedException.class, () -> stale.sweepOnce(EARLIER));
        assertEquals(true, redis.exists(prefix + "p" + EARLIER + ":a:app"));
    }
}
