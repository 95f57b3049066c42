package dev.chatservice.redis;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Frees the memory of counters no allocator reads any more: those of the key spaces of earlier primaries, which
 * a failover leaves behind on the new primary (see {@link CounterSpace}), and those of the versions before key
 * spaces, right under the prefix. Once per primary across all nodes (the first to set a marker in the current
 * key space does it), in the background, by SCAN and UNLINK. Deleting a counter is always safe: a counter found
 * missing restarts above its durable ceiling, so even a mistaken deletion could only make a gap. Idempotency-Keys
 * and anything else under the prefix are left alone.
 */
final class StaleCounters {
    private static final System.Logger LOG = System.getLogger(StaleCounters.class.getName());
    private static final int PAGE = 1_000;
    private static final String HEX40 = "[0-9a-f]".repeat(40);

    private final UnifiedJedis redis;
    private final PrimaryWatch primary;
    private final String prefix;

    StaleCounters(UnifiedJedis redis, PrimaryWatch primary, String prefix) {
        this.redis = redis;
        this.primary = primary;
        this.prefix = prefix;
    }

    /** Sweeps on a daemon thread of its own, unless another node already swept for this primary. */
    void sweepInBackground(String primaryId) {
        Thread thread = new Thread(() -> {
            try {
                long deleted = sweepOnce(primaryId);
                if (deleted > 0) {
                    LOG.log(System.Logger.Level.INFO, "deleted " + deleted + " counters of earlier Redis primaries");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "sweeping the counters of earlier Redis primaries failed; "
                        + "they only take memory: " + e.getMessage());
            }
        }, "redis-stale-counters");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Deletes the stale counters if no node did for this primary yet; every command expects that primary.
     *
     * @return how many keys were deleted
     */
    long sweepOnce(String primaryId) {
        return primary.expecting(primaryId, () -> {
            String keep = prefix + "p" + primaryId + ":";
            if (!"OK".equals(redis.set(keep + "swept", "1", SetParams.setParams().nx()))) {
                return 0L;
            }
            String glob = escape(prefix);
            long deleted = 0;
            for (String pattern : List.of(glob + "p" + HEX40 + ":*", glob + "a:*", glob + "c:*")) {
                deleted += delete(pattern, keep);
            }
            return deleted;
        });
    }

    private long delete(String pattern, String keep) {
        ScanParams params = new ScanParams().match(pattern).count(PAGE);
        String cursor = ScanParams.SCAN_POINTER_START;
        long deleted = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            List<String> stale = new ArrayList<>();
            for (String key : page.getResult()) {
                if (!key.startsWith(keep)) {
                    stale.add(key);
                }
            }
            if (!stale.isEmpty()) {
                deleted += redis.unlink(stale.toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return deleted;
    }

    private static String escape(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
