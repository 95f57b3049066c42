package dev.chatservice.redis;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.IdempotencyKey;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.Allocation;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.NumberAllocator;
import dev.chatservice.domain.port.NumberCeilings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link NumberAllocator} on Redis: one atomic script call per grant, which checks the parent, honours the
 * Idempotency-Key and counts. Counters never outrun a ceiling reserved in the durable {@link NumberCeilings}
 * (Leaf-style segments, sized by each counter's rate: see {@link Headroom}), topped up by a background thread,
 * and a counter Redis lost is restarted above that ceiling: data loss in Redis makes gaps in the numbering,
 * never duplicates. A grant never waits on the durable store: a counter whose headroom is spent answers
 * {@link DependencyUnavailableException} at once, while its top-up runs. Only recovery after Redis lost a
 * counter asks the durable {@link ApplicationRegistry}, {@link ChatHistory} and {@link NumberCeilings} in line.
 * A failover of Redis is treated as a data loss too: see {@link CounterSpace}.
 */
public final class RedisNumberAllocator implements NumberAllocator, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisNumberAllocator.class.getName());
    private static final LuaScript ALLOCATE = LuaScript.load("allocate.lua");
    private static final LuaScript STATE = LuaScript.load("state.lua");
    private static final LuaScript SEED = LuaScript.load("seed.lua");
    private static final long FORGOTTEN = -1;
    private static final long UNKNOWN = -2;
    /**
     * How long a node holds a counter's top-up lease: longer than a reservation takes even on a busy database,
     * and short enough that a node that died or failed holding it delays the next attempt only briefly.
     */
    static final long TOP_UP_LEASE_MILLIS = 2_000;

    private final UnifiedJedis redis;
    private final CounterSpace counters;
    private final NumberCeilings ceilings;
    private final ApplicationRegistry applications;
    private final ChatHistory history;
    private final String prefix;
    private final Headroom headroom;
    private final TopUps topUps;
    private final ExecutorService ownExecutor;

    /**
     * An allocator whose top-ups run on a thread of its own, named {@code redis-allocator-topup}.
     *
     * @param prefix prefix of every key, so several deployments or tests can share one Redis
     */
    public RedisNumberAllocator(UnifiedJedis redis, NumberCeilings ceilings, ApplicationRegistry applications,
                                ChatHistory history, String prefix, Headroom headroom) {
        this(redis, ceilings, applications, history, prefix, headroom, ownExecutor(), true);
    }

    /** An allocator whose top-ups run on {@code topUps}, which the caller owns. */
    public RedisNumberAllocator(UnifiedJedis redis, NumberCeilings ceilings, ApplicationRegistry applications,
                                ChatHistory history, String prefix, Headroom headroom, Executor topUps) {
        this(redis, ceilings, applications, history, prefix, headroom, topUps, false);
    }

    private static ExecutorService ownExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "redis-allocator-topup");
            thread.setDaemon(true);
            return thread;
        });
    }

    private RedisNumberAllocator(UnifiedJedis redis, NumberCeilings ceilings, ApplicationRegistry applications,
                                 ChatHistory history, String prefix, Headroom headroom, Executor executor,
                                 boolean owned) {
        this.redis = redis;
        this.counters = new CounterSpace(redis, prefix);
        this.ceilings = ceilings;
        this.applications = applications;
        this.history = history;
        this.prefix = prefix;
        this.headroom = headroom;
        this.topUps = new TopUps(redis, headroom, executor);
        this.ownExecutor = owned ? (ExecutorService) executor : null;
    }

    @Override
    public void registerApplication(ApplicationToken application) {
        counters.run(space -> {
            seed(space.application(application), count -> ceilings.reserveChatNumbers(application, count),
                    Instant.now());
            return null;
        });
    }

    @Override
    public Allocation<ChatNumber> allocateChat(ApplicationToken application, Optional<IdempotencyKey> key,
                                               Instant now) {
        String idempotency = prefix + "k:a:" + application.value() + ":" + key.map(IdempotencyKey::value).orElse("");
        return counters.run(space -> allocate(space.application(application), space.application(application),
                idempotency, key.isPresent(), "", now, space.chatPrefix(application), ChatNumber::new,
                () -> applications.findApplication(application).isPresent(),
                count -> ceilings.reserveChatNumbers(application, count)));
    }

    @Override
    public Allocation<MessageNumber> allocateMessage(ChatRef chat, Optional<IdempotencyKey> key, String fingerprint,
                                                     Instant now) {
        String idempotency = prefix + "k:c:" + chat.application().value() + ":" + chat.chat().value() + ":"
                + key.map(IdempotencyKey::value).orElse("");
        return counters.run(space -> allocate(space.chat(chat), space.application(chat.application()),
                idempotency, key.isPresent(), fingerprint, now, "", MessageNumber::new,
                () -> history.findChat(chat).isPresent(),
                count -> ceilings.reserveMessageNumbers(chat, count)));
    }

    private <N> Allocation<N> allocate(String parent, String guard, String idempotencyKey, boolean hasKey,
                                       String fingerprint, Instant now, String childPrefix, IntFunction<N> wrap,
                                       BooleanSupplier existsDurably, IntToLongFunction reserve) {
        List<String> keys = List.of(parent, guard, idempotencyKey);
        List<String> args = List.of(fingerprint.replace("|", ""), Long.toString(now.toEpochMilli()),
                Long.toString(IDEMPOTENCY_WINDOW.toMillis()), childPrefix,
                Integer.toString(NumberCeilings.IMPLICIT_MESSAGE_RESERVATION), hasKey ? "1" : "0",
                Integer.toString(headroom.minimum()), Long.toString(TOP_UP_LEASE_MILLIS),
                Integer.toString(headroom.firstLowMark(NumberCeilings.IMPLICIT_MESSAGE_RESERVATION)));
        // At most two rounds: a lost counter is recovered from the durable store, then granted from.
        for (int round = 0; round < 2; round++) {
            List<?> reply = (List<?>) call(() -> ALLOCATE.run(redis, keys, args));
            switch (text(reply.get(0))) {
                case "OK" -> {
                    if (number(reply.get(3)) == 1) {
                        topUps.start(parent, reserve, now.toEpochMilli());
                    }
                    return new Allocation.Granted<>(wrap.apply((int) number(reply.get(1))),
                            Instant.ofEpochMilli(number(reply.get(2))), false);
                }
                case "REPLAY" -> {
                    return new Allocation.Granted<>(wrap.apply((int) number(reply.get(1))),
                            Instant.ofEpochMilli(number(reply.get(2))), true);
                }
                case "CONFLICT" -> {
                    return new Allocation.KeyConflict<>();
                }
                case "GONE" -> {
                    return new Allocation.UnknownParent<>();
                }
                case "MISSING" -> {
                    // Recovery, not the normal path: the durable store is asked on the request thread.
                    if (!existsDurably.getAsBoolean()) {
                        return new Allocation.UnknownParent<>();
                    }
                    LOG.log(System.Logger.Level.WARNING, "restarting lost counter " + parent);
                    seed(parent, reserve, now);
                }
                case "EXHAUSTED" -> {
                    if (number(reply.get(1)) == 1) {
                        topUps.start(parent, reserve, now.toEpochMilli());
                    }
                    throw new DependencyUnavailableException("mysql", "the numbers reserved for " + parent
                            + " are spent; their top-up is under way", null);
                }
                default -> throw new IllegalStateException("unexpected script reply " + reply);
            }
        }
        throw new DependencyUnavailableException("redis", "could not settle the counter of " + parent, null);
    }

    /**
     * Starts a counter, or restarts one Redis lost, just below a fresh durable ceiling: above every number
     * granted before. Another node may have done it first; then its start stands.
     */
    private void seed(String parent, IntToLongFunction reserve, Instant now) {
        int first = headroom.first();
        long ceiling = reserve.applyAsLong(first);
        call(() -> SEED.run(redis, List.of(parent), List.of(Long.toString(ceiling - first), Long.toString(ceiling),
                Long.toString(now.toEpochMilli()), Integer.toString(headroom.firstLowMark(first)))));
    }

    @Override
    public boolean chatExists(ChatRef chat) {
        return lastGranted(chat) >= 0;
    }

    @Override
    public boolean messageGranted(MessageRef message) {
        return message.message().value() <= lastGranted(message.chat());
    }

    /** The last message number granted in a chat, or a negative number if the chat does not exist. */
    private long lastGranted(ChatRef chat) {
        return counters.run(space -> lastGranted(space, chat));
    }

    private long lastGranted(CounterSpace.Keys space, ChatRef chat) {
        String key = space.chat(chat);
        List<String> keys = List.of(key, space.application(chat.application()));
        long state = number(call(() -> STATE.run(redis, keys, List.of())));
        if (state != UNKNOWN) {
            return state;
        }
        if (history.findChat(chat).isEmpty()) {
            return FORGOTTEN;
        }
        LOG.log(System.Logger.Level.WARNING, "restarting lost counter " + key);
        seed(key, count -> ceilings.reserveMessageNumbers(chat, count), Instant.now());
        return number(call(() -> STATE.run(redis, keys, List.of())));
    }

    @Override
    public void forgetApplication(ApplicationToken application) {
        counters.run(space -> call(() -> redis.hset(space.application(application), "gone", "1")));
    }

    @Override
    public void forgetChat(ChatRef chat) {
        counters.run(space -> call(() -> redis.hset(space.chat(chat), "gone", "1")));
    }

    /** Whether Redis answers a PING now. */
    public boolean isHealthy() {
        try {
            return "PONG".equals(redis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    static Object call(java.util.function.Supplier<Object> command) {
        try {
            return command.get();
        } catch (PrimaryChangedException e) {
            throw e;
        } catch (JedisException e) {
            throw new DependencyUnavailableException("redis", e.getMessage(), e);
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static long number(Object value) {
        return value instanceof Long n ? n : Long.parseLong(text(value));
    }
}
