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
import java.util.function.Function;
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
 *
 * <h2>A change of primary is a data loss</h2>
 * Redis replicates asynchronously, so a replica promoted by a failover may hold counters below numbers the old
 * primary granted. Given a {@link WatchedRedis}, the allocator keeps its counters in a key space named after
 * the replication id of the primary it talks to ({@code prefix + "p" + id + ":"}), and runs every command
 * expecting that primary (see {@link PrimaryWatch}). A promotion gives the new primary a new replication id, so:
 * <ul>
 *   <li>the counters of the new key space are missing on the new primary, and each is restarted lazily, on its
 *       next use, just below a fresh durable ceiling: above every number granted before, as after any data
 *       loss. No scan and no coordination between nodes: every node that reaches the new primary reads the same
 *       id and so picks the same key space;</li>
 *   <li>a key in that space was written on that primary, after its promotion: the id did not exist before, so
 *       no replicated leftover of the old primary, however far behind, is ever read as a counter;</li>
 *   <li>a command whose keys were chosen for one primary is never sent over a connection to another: the
 *       watch refuses it before it is written, the keys are chosen again, and the command is retried.</li>
 * </ul>
 * Idempotency-Keys stay outside the key space: a key the new primary holds records a grant that happened, so
 * replaying it is right; only keys granted in the last moments before the failover, not yet replicated, are
 * forgotten. {@code gone} marks of deleted applications and chats are lost with their counters, and the
 * durable store, asked at the restart, answers for them. The counters of the old key space stay behind on the
 * new primary, never read again. A restart that changes the replication id costs one gap per counter, no more.
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
    private final PrimaryWatch primary;
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
        this(redis, watchOf(redis), ceilings, applications, history, prefix, headroom, ownExecutor(), true);
    }

    /** An allocator whose top-ups run on {@code topUps}, which the caller owns. */
    public RedisNumberAllocator(UnifiedJedis redis, NumberCeilings ceilings, ApplicationRegistry applications,
                                ChatHistory history, String prefix, Headroom headroom, Executor topUps) {
        this(redis, watchOf(redis), ceilings, applications, history, prefix, headroom, topUps, false);
    }

    /** The watch of a {@link WatchedRedis}; none for another client, which is trusted never to change primary. */
    private static PrimaryWatch watchOf(UnifiedJedis redis) {
        return redis instanceof WatchedRedis watched ? watched.primary() : null;
    }

    private static ExecutorService ownExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "redis-allocator-topup");
            thread.setDaemon(true);
            return thread;
        });
    }

    private RedisNumberAllocator(UnifiedJedis redis, PrimaryWatch primary, NumberCeilings ceilings,
                                 ApplicationRegistry applications, ChatHistory history, String prefix,
                                 Headroom headroom, Executor executor, boolean owned) {
        this.redis = redis;
        this.primary = primary;
        this.ceilings = ceilings;
        this.applications = applications;
        this.history = history;
        this.prefix = prefix;
        this.headroom = headroom;
        this.topUps = new TopUps(redis, headroom, executor);
        this.ownExecutor = owned ? (ExecutorService) executor : null;
    }

    /** The key space of the counters on the primary of replication id {@code primaryId}. */
    private String counters(String primaryId) {
        return primary == null ? prefix : prefix + "p" + primaryId + ":";
    }

    private static String applicationKey(String space, ApplicationToken token) {
        return space + "a:" + token.value();
    }

    private static String chatKeyPrefix(String space, ApplicationToken token) {
        return space + "c:" + token.value() + ":";
    }

    private static String chatKey(String space, ChatRef chat) {
        return chatKeyPrefix(space, chat.application()) + chat.chat().value();
    }

    /**
     * Runs {@code work} with the key space of the current primary, its commands refused by any other primary;
     * chooses again and retries when the primary changed under it.
     */
    private <T> T onPrimary(Function<String, T> work) {
        if (primary == null) {
            return work.apply(prefix);
        }
        for (int attempt = 1; ; attempt++) {
            String id = primary.current();
            if (id == null) {
                call(redis::ping); // the first connection tells the watch which primary this is
                id = primary.current();
            }
            String space = counters(id);
            try {
                return primary.expecting(id, () -> work.apply(space));
            } catch (PrimaryChangedException e) {
                if (attempt == 3) {
                    throw new DependencyUnavailableException("redis", e.getMessage(), e);
                }
                LOG.log(System.Logger.Level.INFO, e.getMessage() + "; choosing the counters again");
            }
        }
    }

    @Override
    public void registerApplication(ApplicationToken application) {
        onPrimary(space -> {
            seed(applicationKey(space, application), count -> ceilings.reserveChatNumbers(application, count),
                    Instant.now());
            return null;
        });
    }

    @Override
    public Allocation<ChatNumber> allocateChat(ApplicationToken application, Optional<IdempotencyKey> key,
                                               Instant now) {
        String idempotency = prefix + "k:a:" + application.value() + ":" + key.map(IdempotencyKey::value).orElse("");
        return onPrimary(space -> allocate(applicationKey(space, application), applicationKey(space, application),
                idempotency, key.isPresent(), "", now, chatKeyPrefix(space, application), ChatNumber::new,
                () -> applications.findApplication(application).isPresent(),
                count -> ceilings.reserveChatNumbers(application, count)));
    }

    @Override
    public Allocation<MessageNumber> allocateMessage(ChatRef chat, Optional<IdempotencyKey> key, String fingerprint,
                                                     Instant now) {
        String idempotency = prefix + "k:c:" + chat.application().value() + ":" + chat.chat().value() + ":"
                + key.map(IdempotencyKey::value).orElse("");
        return onPrimary(space -> allocate(chatKey(space, chat), applicationKey(space, chat.application()),
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
        return onPrimary(space -> lastGranted(space, chat));
    }

    private long lastGranted(String space, ChatRef chat) {
        String key = chatKey(space, chat);
        List<String> keys = List.of(key, applicationKey(space, chat.application()));
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
        onPrimary(space -> call(() -> redis.hset(applicationKey(space, application), "gone", "1")));
    }

    @Override
    public void forgetChat(ChatRef chat) {
        onPrimary(space -> call(() -> redis.hset(chatKey(space, chat), "gone", "1")));
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

    private static Object call(java.util.function.Supplier<Object> command) {
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
