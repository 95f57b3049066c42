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
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.executors.DefaultCommandExecutor;
import redis.clients.jedis.providers.PooledConnectionProvider;

/** What the Redis allocator adds to the contract: durable ceilings, data loss, round trips, outages. */
class RedisNumberAllocatorDurabilityTest {
    /** Small blocks, so that a few grants cross several top-ups; they run in line, so tests are exact. */
    private static final Headroom HEADROOM = Headroom.of(5, java.time.Duration.ofSeconds(60));
    private static UnifiedJedis redis;

    private final InMemoryChatStore store = new InMemoryChatStore();
    private final InMemoryNumberCeilings ceilings = new InMemoryNumberCeilings();
    private final String prefix = "test:" + UUID.randomUUID() + ":";
    private RedisNumberAllocator allocator;
    private ApplicationToken token;

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
        allocator = new RedisNumberAllocator(redis, ceilings, store, store, prefix, HEADROOM, Runnable::run);
        token = ApplicationToken.generate(new SecureRandom());
        Instant now = Instant.now();
        store.createApplication(new Application(token, new ApplicationName("app"), 0, now, now));
        allocator.registerApplication(token);
    }

    private int chat() {
        Allocation<ChatNumber> allocation = allocator.allocateChat(token, Optional.empty(), Instant.now());
        return assertInstanceOf(Allocation.Granted.class, allocation).number() instanceof ChatNumber n
                ? n.value() : -1;
    }

    private int message(ChatRef chat) {
        Allocation<MessageNumber> allocation = allocator.allocateMessage(chat, Optional.empty(), "f", Instant.now());
        return assertInstanceOf(Allocation.Granted.class, allocation).number() instanceof MessageNumber n
                ? n.value() : -1;
    }

    /** Loses every key of this test, as a Redis restart without persistence would. */
    private void loseRedisData() {
        redis.keys(prefix + "*").forEach(redis::del);
    }

    @Test
    void allocateChat_pastSeveralBlocks_countsOnWithoutGaps() {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            numbers.add(chat());
        }
        assertEquals(IntStream.rangeClosed(1, 55).boxed().toList(), numbers);
        assertTrue(ceilings.reserveChatNumbers(token, 0) >= 55, "durable ceiling covers every grant");
    }

    @Test
    void allocateChat_afterRedisLostItsData_neverRepeatsANumber() {
        for (int i = 0; i < 7; i++) {
            chat();
        }
        loseRedisData();
        assertTrue(chat() > 7);
    }

    @Test
    void allocateMessage_afterRedisLostItsData_neverRepeatsANumberInPersistedChat() {
        ChatRef chat = new ChatRef(token, new ChatNumber(chat()));
        store.apply(List.of(new CreateChatCommand(chat, Instant.now())));
        for (int i = 0; i < 12; i++) {
            message(chat);
        }
        loseRedisData();
        assertTrue(message(chat) > 12);
    }

    @Test
    void allocateMessage_afterRedisLostUnpersistedChat_answersUnknownParent() {
        ChatRef chat = new ChatRef(token, new ChatNumber(chat()));
        loseRedisData();
        assertInstanceOf(Allocation.UnknownParent.class,
                allocator.allocateMessage(chat, Optional.empty(), "f", Instant.now()));
    }

    @Test
    void allocateChat_afterScriptCacheFlushed_stillGrants() {
        chat();
        redis.scriptFlush();
        assertEquals(2, chat());
    }

    @Test
    void allocateMessage_steadyState_costsOneRoundTripOnTheRequestThread() {
        AtomicLong roundTrips = new AtomicLong();
        URI uri = URI.create(LocalRedis.URL);
        DefaultCommandExecutor executor = new DefaultCommandExecutor(new PooledConnectionProvider(
                new HostAndPort(uri.getHost(), uri.getPort()), DefaultJedisClientConfig.builder(uri).build()));
        try (UnifiedJedis counted = RedisClient.builder().commandExecutor(new CommandExecutor() {
            @Override
            public <T> T executeCommand(CommandObject<T> command) {
                roundTrips.incrementAndGet();
                return executor.executeCommand(command);
            }

            @Override
            public void close() {
                executor.close();
            }
        }).build()) {
            RedisNumberAllocator countedAllocator =
                    new RedisNumberAllocator(counted, ceilings, store, store, prefix, HEADROOM, topUp -> { });
            ChatRef chat = new ChatRef(token, new ChatNumber(chat()));
            for (int i = 0; i < 20; i++) {
                countedAllocator.allocateMessage(chat, Optional.empty(), "f", Instant.now());
            }
            assertEquals(20, roundTrips.get());
        }
    }

    @Test
    void allocateChat_redisUnreachable_throwsUnavailable() {
        try (UnifiedJedis nowhere = RedisConnections.connect("redis://127.0.0.1:1/0")) {
            RedisNumberAllocator offline =
                    new RedisNumberAllocator(nowhere, ceilings, store, store, prefix, HEADROOM, Runnable::run);
            assertThrows(DependencyUnavailableException.class,
                    () -> offline.allocateChat(token, Optional.empty(), Instant.now()));
        }
    }

    @Test
    void isHealthy_liveRedis_isTrue() {
        assertTrue(allocator.isHealthy());
    }
}
