package dev.chatservice.redis;

import dev.chatservice.domain.port.DependencyUnavailableException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;

/**
 * Builds the one pooled Redis client of a process from a {@link RedisUrl}, with short timeouts: one server, or
 * the primary that Sentinel names, followed onto the replica it promotes. Either way the connections are checked
 * by a {@link PrimaryWatch}, so a change of primary is seen.
 */
public final class RedisConnections {
    private static final int TIMEOUT_MILLIS = 1_000;

    private RedisConnections() {}

    /**
     * {@code redis://[user:password@]host[:port][/database]} or
     * {@code redis-sentinel://[user:password@]h1:26379,h2:26379,h3:26379/master-name[/database]}; waits at most
     * about a second for Redis per command.
     *
     * @throws IllegalArgumentException       if the URL is malformed, naming {@value RedisUrl#VARIABLE}
     * @throws DependencyUnavailableException if no Sentinel answers with the primary's address
     */
    public static WatchedRedis connect(String url) {
        return connect(RedisUrl.parse(url), PrimaryWatch.INFO_REPLICATION);
    }

    /** As {@link #connect(String)}, reading each server's replication id with {@code replicationIdOf}. */
    public static WatchedRedis connect(RedisUrl url, Function<Connection, String> replicationIdOf) {
        JedisClientConfig client = DefaultJedisClientConfig.builder()
                .user(url.user())
                .password(url.password())
                .database(url.database())
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS)
                .build();
        ConnectionProvider provider;
        if (url.sentinel()) {
            JedisClientConfig sentinels = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(TIMEOUT_MILLIS)
                    .socketTimeoutMillis(TIMEOUT_MILLIS)
                    .build();
            try {
                provider = new SentineledConnectionProvider(url.masterName().orElseThrow(), client, pool(),
                        new LinkedHashSet<>(url.nodes()), sentinels);
            } catch (JedisException e) {
                throw new DependencyUnavailableException("redis", "no Sentinel of " + url.nodes()
                        + " named the primary " + url.masterName().orElseThrow() + ": " + e.getMessage(), e);
            }
        } else {
            provider = new PooledConnectionProvider(url.nodes().get(0), client, pool());
        }
        return new WatchedRedis(new PrimaryWatch(provider, replicationIdOf));
    }

    private static GenericObjectPoolConfig<Connection> pool() {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(128);
        pool.setMaxIdle(128);
        pool.setMinIdle(4);
        pool.setMaxWait(Duration.ofSeconds(1));
        return pool;
    }
}
