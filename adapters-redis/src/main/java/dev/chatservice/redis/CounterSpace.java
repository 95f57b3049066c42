package dev.chatservice.redis;

import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where the {@link RedisNumberAllocator}'s counters live, and why a change of Redis primary is a data loss.
 *
 * <p>Redis replicates asynchronously, so a replica promoted by a failover may hold counters below numbers the old
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
 * new primary, never read again, until {@link StaleCounters} frees them. A restart that changes the replication
 * id costs one gap per counter, no more.
 *
 * <p>The old primary may go on granting for a moment after the promotion (a split brain, until Sentinel demotes
 * it or the client follows Sentinel). Both stay apart: each counter grants only numbers of blocks reserved in
 * the durable store for it, and a top-up jumps over numbers another counter reserved meanwhile ({@code
 * extend.lua}), so the two primaries' numbers interleave with gaps, never repeat.
 *
 * <p>A client other than {@link WatchedRedis} is trusted never to change primary: its counters live right under
 * the prefix.
 */
final class CounterSpace {
    private static final System.Logger LOG = System.getLogger(CounterSpace.class.getName());
    private static final int ATTEMPTS = 3;

    private final UnifiedJedis redis;
    private final PrimaryWatch primary;
    private final String prefix;
    private final StaleCounters stale;
    /** The primary whose stale counters this process last had swept. */
    private volatile String swept;

    CounterSpace(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        this.primary = redis instanceof WatchedRedis watched ? watched.primary() : null;
        this.prefix = prefix;
        this.stale = primary == null ? null : new StaleCounters(redis, primary, prefix);
    }

    /** The keys of the counters on one primary. */
    record Keys(String space) {
        String application(ApplicationToken token) {
            return space + "a:" + token.value();
        }

        /** The prefix of the chat counters of an application, to which a chat's number is appended. */
        String chatPrefix(ApplicationToken token) {
            return space + "c:" + token.value() + ":";
        }

        String chat(ChatRef chat) {
            return chatPrefix(chat.application()) + chat.chat().value();
        }
    }

    /**
     * Runs {@code work} with the keys of the current primary, its commands refused by any other primary;
     * chooses again and retries when the primary changed under it.
     *
     * @throws DependencyUnavailableException if the primary keeps changing, or Redis cannot be reached
     */
    <T> T run(Function<Keys, T> work) {
        if (primary == null) {
            return work.apply(new Keys(prefix));
        }
        for (int attempt = 1; ; attempt++) {
            String id = primary.current();
            if (id == null) {
                RedisNumberAllocator.call(redis::ping); // the first connection tells the watch its primary
                id = primary.current();
            }
            if (!id.equals(swept)) {
                swept = id;
                stale.sweepInBackground(id);
            }
            Keys keys = new Keys(prefix + "p" + id + ":");
            try {
                return primary.expecting(id, () -> work.apply(keys));
            } catch (PrimaryChangedException e) {
                if (attempt == ATTEMPTS) {
                    throw new DependencyUnavailableException("redis", e.getMessage(), e);
                }
                LOG.log(System.Logger.Level.INFO, e.getMessage() + "; choosing the counters again");
            }
        }
    }
}
