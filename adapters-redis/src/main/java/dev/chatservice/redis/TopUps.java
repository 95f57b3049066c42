package dev.chatservice.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntToLongFunction;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reserves counters' next numbers in the durable store off the request threads: a grant that took a parent's
 * top-up lease hands it here, and returns at once. A failed top-up is only logged: its lease expires, and a
 * later grant takes it again, so a durable store that is down is retried about once per lease per counter.
 */
final class TopUps {
    private static final System.Logger LOG = System.getLogger(TopUps.class.getName());
    private static final LuaScript EXTEND = LuaScript.load("extend.lua");

    private final UnifiedJedis redis;
    private final Headroom headroom;
    private final Executor executor;
    /**
     * Parents with a top-up queued or running in this process, so that a slow store does not pile them up;
     * TRUE if another grant took the parent's lease meanwhile. That grant's top-up cannot be dropped: the lease
     * it holds keeps every other grant from starting one until it expires. So the running one goes again.
     */
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();

    TopUps(UnifiedJedis redis, Headroom headroom, Executor executor) {
        this.redis = redis;
        this.headroom = headroom;
        this.executor = executor;
    }

    /**
     * Starts a top-up of {@code parent}, or has the one in flight here go again; {@code reserve} raises the
     * durable ceiling by a count and returns it, {@code nowMillis} is the time of the grant that asked.
     */
    void start(String parent, IntToLongFunction reserve, long nowMillis) {
        boolean[] fresh = {false};
        inFlight.compute(parent, (key, again) -> {
            fresh[0] = again == null;
            return !fresh[0];
        });
        if (!fresh[0]) {
            return;
        }
        long queued = System.nanoTime();
        try {
            executor.execute(() -> {
                do {
                    try {
                        // The rate window ends when the state is read, however long the task waited.
                        topUp(parent, reserve, nowMillis + (System.nanoTime() - queued) / 1_000_000);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "top-up of " + parent + " failed; a later grant "
                                + "retries it once its lease expires: " + e.getMessage());
                    }
                } while (inFlight.compute(parent, (key, again) -> again ? Boolean.FALSE : null) != null);
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the lease expires and another node tops the counter up.
            inFlight.remove(parent);
        }
    }

    private void topUp(String parent, IntToLongFunction reserve, long nowMillis) {
        List<String> state = redis.hmget(parent, "next", "ceil", "rn", "rt");
        if (state.get(0) == null || state.get(1) == null) {
            // Lost with Redis's data: the next grant's recovery, which first checks that the parent still
            // exists durably, restarts it above its durable ceiling.
            return;
        }
        long last = Long.parseLong(state.get(0));
        long ceiling = Long.parseLong(state.get(1));
        int low = state.get(3) == null ? headroom.minimum()
                : headroom.lowMark(last - (state.get(2) == null ? 0 : Long.parseLong(state.get(2))),
                        nowMillis - Long.parseLong(state.get(3)));
        int count = Headroom.reservation(last, ceiling, low);
        long reserved = count == 0 ? ceiling : reserve.applyAsLong(count);
        EXTEND.run(redis, List.of(parent), List.of(Long.toString(reserved), Integer.toString(low),
                Long.toString(last), Long.toString(nowMillis), Long.toString(reserved - count)));
    }
}
