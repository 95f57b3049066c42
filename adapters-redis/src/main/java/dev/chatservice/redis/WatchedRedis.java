package dev.chatservice.redis;

import redis.clients.jedis.UnifiedJedis;

/** A pooled Redis client whose connections are checked by a {@link PrimaryWatch}. */
public final class WatchedRedis extends UnifiedJedis {
    private final PrimaryWatch primary;

    public WatchedRedis(PrimaryWatch primary) {
        super(primary);
        this.primary = primary;
    }

    public PrimaryWatch primary() {
        return primary;
    }
}
