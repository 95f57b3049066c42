package dev.chatservice.wiring;

import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChangeFanOut;
import dev.chatservice.domain.port.ChangeFeed;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.ChatLedger;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.NumberAllocator;
import dev.chatservice.domain.port.NumberCeilings;
import dev.chatservice.elasticsearch.ElasticMessageSearch;
import dev.chatservice.mysql.JdbiApplicationRegistry;
import dev.chatservice.mysql.JdbiChangeFeed;
import dev.chatservice.mysql.JdbiChatHistory;
import dev.chatservice.mysql.JdbiChatLedger;
import dev.chatservice.mysql.JdbiNumberCeilings;
import dev.chatservice.mysql.MysqlDatabase;
import dev.chatservice.rabbitmq.RabbitChangeFanOut;
import dev.chatservice.rabbitmq.RabbitCommandQueue;
import dev.chatservice.rabbitmq.RabbitDeadLetters;
import dev.chatservice.rabbitmq.RabbitQueueStats;
import dev.chatservice.redis.Headroom;
import dev.chatservice.redis.RedisConnections;
import dev.chatservice.redis.RedisNumberAllocator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import redis.clients.jedis.UnifiedJedis;

/**
 * The production adapters of one process, connected from {@link Settings} and closed in reverse order. It hands
 * out the domain's ports, plus the command queue's dead-letter administration and figures for metrics.
 */
public final class Infrastructure implements AutoCloseable {
    /**
     * Each counter keeps at least a minute of its recent rate reserved in MySQL, so a MySQL outage shorter than
     * that never stops creation at a steady rate; a quiet counter keeps 500 ahead. Counters start with as many
     * numbers as a new chat's implicit reservation, so a burst outlasts the first top-up of a cold node.
     */
    private static final Headroom NUMBER_HEADROOM = Headroom.of(500, Duration.ofSeconds(60))
            .startingWith(NumberCeilings.IMPLICIT_MESSAGE_RESERVATION);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final MysqlDatabase mysql;
    private final ApplicationRegistry applications;
    private final ChatHistory history;
    private final ChatLedger ledger;
    private final ChangeFeed changeFeed;
    private final RedisNumberAllocator allocator;
    private final RabbitCommandQueue queue;
    private final RabbitChangeFanOut changeFanOut;
    private final ElasticMessageSearch search;
    private final RabbitDeadLetters deadLetters;
    /** One instance for the process: meters hold their state objects only weakly. */
    private final RabbitQueueStats queueStats;

    private Infrastructure(Settings settings) {
        try {
            mysql = open(MysqlDatabase.connect(settings.mysqlUrl(), settings.mysqlUser(),
                    settings.mysqlPassword()));
            applications = new JdbiApplicationRegistry(mysql.jdbi());
            history = new JdbiChatHistory(mysql.jdbi());
            ledger = new JdbiChatLedger(mysql.jdbi());
            changeFeed = new JdbiChangeFeed(mysql.jdbi());
            UnifiedJedis redis = open(RedisConnections.connect(settings.redisUrl()));
            allocator = open(new RedisNumberAllocator(redis, new JdbiNumberCeilings(mysql.jdbi()), applications,
                    history, "chat:", NUMBER_HEADROOM));
            queue = open(RabbitCommandQueue.connect(settings.rabbitConfig()));
            changeFanOut = open(RabbitChangeFanOut.connect(settings.rabbitConfig()));
            search = open(ElasticMessageSearch.create(settings.elasticsearchUrl(),
                    settings.elasticsearchIndex()));
            deadLetters = new RabbitDeadLetters(queue);
            queueStats = new RabbitQueueStats(queue);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Connects to every backing service, retrying for up to a minute while one is unavailable (services
     * started together come up in any order); then closes what it opened and rethrows.
     */
    public static Infrastructure connect(Settings settings) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long pauseMillis = 500;
        while (true) {
            try {
                return new Infrastructure(settings);
            } catch (DependencyUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                System.getLogger(Infrastructure.class.getName()).log(System.Logger.Level.WARNING,
                        "waiting for " + e.dependency() + " (" + e.getMessage() + "); retrying in " + pauseMillis
                                + " ms");
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(pauseMillis * 2, 5_000);
            }
        }
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.push(resource);
        return resource;
    }

    public ApplicationRegistry applications() {
        return applications;
    }

    public ChatHistory history() {
        return history;
    }

    public ChatLedger ledger() {
        return ledger;
    }

    public ChangeFeed changeFeed() {
        return changeFeed;
    }

    public NumberAllocator allocator() {
        return allocator;
    }

    public CommandQueue queue() {
        return queue;
    }

    /**
     * Announces what workers committed to the HTTP nodes' live streams. Not a readiness check: streams stay
     * complete through the change feed while it is down, only later.
     */
    public ChangeFanOut changeFanOut() {
        return changeFanOut;
    }

    public MessageSearch search() {
        return search;
    }

    /**
     * Rebuilds the search index through {@code fill}: into the index itself, or, when it predates the current
     * mapping, into a new one that then replaces it ({@link ElasticMessageSearch#rebuild}).
     */
    public long rebuildSearch(ToLongFunction<MessageSearch> fill) {
        return search.rebuild(fill);
    }

    /** For the operators' {@code dlq} commands. */
    public RabbitDeadLetters deadLetters() {
        return deadLetters;
    }

    /** Read-only figures of the command queue, for {@link QueueMetrics}. */
    public RabbitQueueStats queueStats() {
        return queueStats;
    }

    /** Named readiness checks, each bounded by its client's short timeout. */
    public Map<String, BooleanSupplier> readiness(boolean includeSearch) {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("mysql", mysql::isHealthy);
        checks.put("redis", allocator::isHealthy);
        checks.put("rabbitmq", queue::isReady);
        if (includeSearch) {
            checks.put("elasticsearch", search::isHealthy);
        }
        return checks;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                System.getLogger(Infrastructure.class.getName())
                        .log(System.Logger.Level.WARNING, "closing failed: " + e.getMessage());
            }
        }
    }
}
