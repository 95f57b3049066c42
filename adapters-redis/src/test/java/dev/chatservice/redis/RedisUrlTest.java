package dev.chatservice.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisUrlTest {
    @Test
    void parse_plainUrl_oneServer() {
        RedisUrl url = RedisUrl.parse("redis://cache:6380/3");
        assertEquals(List.of(new HostAndPort("cache", 6380)), url.nodes());
        assertFalse(url.sentinel());
        assertEquals(3, url.database());
    }

    @Test
    void parse_plainUrlWithoutPortOrDb_defaults() {
        RedisUrl url = RedisUrl.parse("redis://cache");
        assertEquals(List.of(new HostAndPort("cache", 6379)), url.nodes());
        assertEquals(0, url.database());
    }

    @Test
    void parse_sentinelUrl_sentinelsMasterAndDb() {
        RedisUrl url = RedisUrl.parse("redis-sentinel://h1:26379,h2:26380,h3/chat-primary/2");
        assertEquals(List.of(new HostAndPort("h1", 26379), new HostAndPort("h2", 26380),
                new HostAndPort("h3", 26379)), url.nodes());
        assertTrue(url.sentinel());
        assertEquals(Optional.of("chat-primary"), url.masterName());
        assertEquals(2, url.database());
    }

    @Test
    void parse_credentials_percentDecoded() {
        RedisUrl url = RedisUrl.parse("redis-sentinel://chat:p%40ss+w@h1,h2/main");
        assertEquals("chat", url.user());
        assertEquals("p@ss+w", url.password());
        assertEquals(0, url.database());
    }

    @Test
    void parse_sentinelWithoutMasterName_namesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisUrl.parse("redis-sentinel://h1:26379,h2:26379"));
        assertTrue(e.getMessage().contains("CHAT_REDIS_URL"), e.getMessage());
        assertTrue(e.getMessage().contains("master name"), e.getMessage());
    }

    @Test
    void parse_severalHostsOnPlainUrl_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisUrl.parse("redis://h1,h2/0"));
        assertTrue(e.getMessage().contains("redis-sentinel://"), e.getMessage());
    }

    @Test
    void parse_badDatabase_rejectedWithoutPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisUrl.parse("redis://u:secret@cache/zero"));
        assertTrue(e.getMessage().contains("CHAT_REDIS_URL"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void parse_emptyHostInList_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisUrl.parse("redis-sentinel://h1,,h3/main"));
        assertTrue(e.getMessage().contains("CHAT_REDIS_URL"), e.getMessage());
    }

    @Test
    void parse_otherScheme_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisUrl.parse("http://cache:6379"));
        assertTrue(e.getMessage().contains("CHAT_REDIS_URL"), e.getMessage());
    }
}
