package dev.chatservice.systemtests.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.NumberCeilings;
import dev.chatservice.elasticsearch.ElasticMessageSearch;
import dev.chatservice.http.HttpApi;
import dev.chatservice.mysql.JdbiApplicationRegistry;
import dev.chatservice.mysql.JdbiChangeFeed;
import dev.chatservice.mysql.JdbiChatHistory;
import dev.chatservice.mysql.JdbiNumberCeilings;
import dev.chatservice.mysql.MysqlDatabase;
import dev.chatservice.rabbitmq.RabbitCommandQueue;
import dev.chatservice.rabbitmq.RabbitConfig;
import dev.chatservice.redis.Headroom;
import dev.chatservice.redis.RedisConnections;
import dev.chatservice.redis.RedisNumberAllocator;
import io.javalin.Javalin;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Proves that chat and message creation never wait on MySQL: an HTTP node on the real adapters whose
 * repository and number ceilings record the thread of every call they receive. The allocator keeps only a few
 * numbers ahead here, so creation crosses many top-ups; each must run on the allocator's own thread.
 */
class CreationPathTest {
    private static final String TOP_UP_THREAD = "redis-allocator-topup";
    /** Ten numbers ahead, or 20 ms of a counter's rate: past the first block, a top-up every ten or so grants. */
    private static final Headroom SMALL = Headroom.of(10, Duration.ofMillis(20));
    /** Calls by "thread-name method-name". */
    private static final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private static MysqlDatabase mysql;
    private static UnifiedJedis redis;
    private static RabbitCommandQueue queue;
    private static ElasticMessageSearch search;
    private static RedisNumberAllocator allocator;
    private static Javalin app;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger unavailable = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        LocalServices.reset();
        mysql = MysqlDatabase.connect(LocalServices.MYSQL_URL, LocalServices.MYSQL_USER, LocalServices.MYSQL_PASSWORD);
        ApplicationRegistry applications = recorded(ApplicationRegistry.class,
                new JdbiApplicationRegistry(mysql.jdbi()));
        ChatHistory history = recorded(ChatHistory.class, new JdbiChatHistory(mysql.jdbi()));
        NumberCeilings ceilings = recorded(NumberCeilings.class, new JdbiNumberCeilings(mysql.jdbi()));
        redis = RedisConnections.connect(LocalServices.REDIS_URL);
        queue = RabbitCommandQueue.connect(RabbitConfig.fromUrl(LocalServices.RABBITMQ_URL));
        search = ElasticMessageSearch.create(LocalServices.ELASTICSEARCH_URL, LocalServices.ELASTICSEARCH_INDEX);
        allocator = new RedisNumberAllocator(redis, ceilings, applications, history, "chat:", SMALL);
        app = HttpApi.create(ChatService.of(applications, history,
                new JdbiChangeFeed(mysql.jdbi()), allocator, queue, search, Clock.systemUTC()),
                Optional.empty()).start(0);
    }

    /** {@code real}, counting every call it receives by calling thread and method. */
    private static <T> T recorded(Class<T> port, T real) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                (proxy, method, args) -> {
                    calls.computeIfAbsent(Thread.currentThread().getName() + " " + method.getName(),
                            name -> new AtomicLong()).incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    @AfterAll
    static void stop() {
        app.stop();
        allocator.close();
        queue.close();
        search.close();
        redis.close();
        mysql.close();
    }

    private String token;

    @BeforeEach
    void newApplication() throws Exception {
        // Creating an application writes to MySQL on the request thread: that is not the creation path.
        token = post("/applications", "{\"name\":\"counted\"}").get("token").asText();
        calls.clear();
    }

    /** Calls made on any thread but the allocator's top-up thread, by thread and method. */
    private static Map<String, Long> callsOnRequestThreads() {
        Map<String, Long> found = new java.util.TreeMap<>();
        calls.forEach((call, count) -> {
            if (!call.startsWith(TOP_UP_THREAD + " ")) {
                found.put(call, count.get());
            }
        });
        return found;
    }

    /** Reservations through {@code method} on the allocator's top-up thread. */
    private static long topUps(String method) {
        AtomicLong count = calls.get(TOP_UP_THREAD + " " + method);
        return count == null ? 0 : count.get();
    }

    @Test
    void createChatsAndMessages_oneAtATime_callMysqlOnNoRequestThread() throws Exception {
        for (int chat = 0; chat < 50; chat++) {
            int number = post("/applications/" + token + "/chats", null).get("number").asInt();
            for (int message = 0; message < 10; message++) {
                post("/applications/" + token + "/chats/" + number + "/messages", "{\"body\":\"hello\"}");
            }
        }
        assertEquals(Map.of(), callsOnRequestThreads(), "repository calls on request threads");
        assertTrue(topUps("reserveChatNumbers") >= 2, "the application's chat counter crossed top-ups: " + calls);
    }

    @Test
    void createChatsAndMessages_concurrentlyAcrossManyTopUps_callMysqlOnNoRequestThread() throws Exception {
        // Past a chat's implicit 10,000 numbers, its messages top up every 10 to 40 grants.
        int chats = 2;
        int threadsPerChat = 6;
        int perChat = NumberCeilings.IMPLICIT_MESSAGE_RESERVATION + 600;
        int chatThreads = 4;
        int chatsPerThread = 100;
        List<Integer> chatNumbers = new ArrayList<>();
        for (int chat = 0; chat < chats; chat++) {
            chatNumbers.add(post("/applications/" + token + "/chats", null).get("number").asInt());
        }
        Map<Integer, List<Integer>> granted = new ConcurrentHashMap<>();
        List<Integer> newChats = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(chats * threadsPerChat + chatThreads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int chat : chatNumbers) {
                List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
                granted.put(chat, numbers);
                AtomicInteger left = new AtomicInteger(perChat);
                for (int thread = 0; thread < threadsPerChat; thread++) {
                    done.add(clients.submit(() -> {
                        while (left.getAndDecrement() > 0) {
                            numbers.add(post("/applications/" + token + "/chats/" + chat + "/messages",
                                    "{\"body\":\"busy\"}").get("number").asInt());
                        }
                        return null;
                    }));
                }
            }
            for (int thread = 0; thread < chatThreads; thread++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < chatsPerThread; i++) {
                        newChats.add(post("/applications/" + token + "/chats", null).get("number").asInt());
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(Map.of(), callsOnRequestThreads(), "repository calls on request threads");
        assertTrue(topUps("reserveMessageNumbers") >= 10L * chats && topUps("reserveChatNumbers") >= 10,
                "top-ups crossed: " + calls + " (503s retried: " + unavailable + ")");
        for (List<Integer> numbers : granted.values()) {
            List<Integer> sorted = new ArrayList<>(numbers);
            Collections.sort(sorted);
            assertEquals(IntStream.rangeClosed(1, perChat).boxed().toList(), sorted, "every number once, no gap");
        }
        List<Integer> sortedChats = new ArrayList<>(newChats);
        Collections.sort(sortedChats);
        assertEquals(IntStream.rangeClosed(chats + 1, chats + chatThreads * chatsPerThread).boxed().toList(),
                sortedChats, "every chat number once, no gap");
    }

    /**
     * POSTs as a careful client: with an Idempotency-Key, sent again on a 503 (a counter whose few numbers ahead
     * ran out before its top-up landed), so every create ends in one 2xx.
     */
    private static JsonNode post(String path, String json) throws Exception {
        String key = UUID.randomUUID().toString();
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                    .header("Idempotency-Key", key)
                    .POST(json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503 && attempt < 100) {
                unavailable.incrementAndGet();
                Thread.sleep(5);
                continue;
            }
            assertTrue(response.statusCode() == 201 || response.statusCode() == 202,
                    response.statusCode() + " " + response.body());
            return JSON.readTree(response.body());
        }
    }
}
