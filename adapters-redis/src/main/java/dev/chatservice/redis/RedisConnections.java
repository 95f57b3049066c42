package dev.chatservice.redis;

import java.net.URI;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** Builds the one pooled Redis client of a process from a {@code redis://} URL, with short timeouts. */
public final class RedisConnections {
    private RedisConnections() {}

    /** {@code redis://[user:password@]host[:port][/database]}; waits at most about a second for Redis. */
    public static UnifiedJedis connect(String url) {
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("CHAT_REDIS_URL must look like redis://host:6379/0, got " + url);
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(128);
        pool.setMaxIdle(128);
        pool.setMinIdle(4);
        pool.setMaxWait(Duration.ofSeconds(1));
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()))
                .clientConfig(DefaultJedisClientConfig.builder(uri)
                        .connectionTimeoutMillis(1000)
                        .socketTimeoutMillis(1000)
                        .build())
                .poolConfig(pool)
                .build();
    }
}
