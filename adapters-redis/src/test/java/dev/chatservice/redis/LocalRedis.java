package dev.chatservice.redis;

import static org.junit.jupiter.api.Assertions.fail;

import redis.clients.jedis.UnifiedJedis;

/** The Redis the tests use: CHAT_REDIS_URL, else the local server's database 15; fails loudly if absent. */
final class LocalRedis {
    static final String URL = System.getenv().getOrDefault("CHAT_REDIS_URL", "redis://127.0.0.1:6379/15");

    private LocalRedis() {}

    static UnifiedJedis connect() {
        UnifiedJedis redis = RedisConnections.connect(URL);
        try {
            redis.ping();
        } catch (RuntimeException e) {
            redis.close();
            fail("Redis is not reachable at " + URL + " (" + e.getMessage() + "). Start it with scripts/stack up, "
                    + "or: redis-server --daemonize yes --port 6379 --save '' --appendonly no");
        }
        return redis;
    }
}
