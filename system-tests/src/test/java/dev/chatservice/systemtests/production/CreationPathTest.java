package dev.chatservice.systemtests.production;

import dev.chatservice.domain.ChatService;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.NumberCeilings;
import dev.chatservice.http.HttpApi;
import dev.chatservice.domain.ChatService;
import dev.chatservice.elasticsearch.ElasticMessageSearch;
import dev.chatservice.mysql.JdbiApplicationRegistry;
import dev.chatservice.mysql.JdbiChatHistory;
import dev.chatservice.mysql.JdbiNumberCeilings;
import dev.chatservice.mysql.MysqlDatabase;
import dev.chatservice.rabbitmq.RabbitCommandQueue;
import dev.chatservice.rabbitmq.RabbitConfig;
import dev.chatservice.redis.RedisConnections;
import dev.chatservice.redis.RedisNumberAllocator;
import io.javalin.Javalin;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * Proves by counting that chat and message creation never reach MySQL: an HTTP node on the real adapters
 * whose repository counts every call it receives.
 */
class CreationPathTest {
    private static final AtomicLong repositoryCalls = new AtomicLong();
    private static MysqlDatabase mysql;
    private static UnifiedJedis redis;
    private static RabbitCommandQueue queue;
    private static ElasticMessageSearch search;
    private static Javalin app;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        LocalServices.reset();
        mysql = MysqlDatabase.connect(LocalServices.MYSQL_URL, LocalServices.MYSQL_USER, LocalServices.MYSQL_PASSWORD);
        ApplicationRegistry applications = counted(ApplicationRegistry.class,
                new JdbiApplicationRegistry(mysql.jdbi()));
        ChatHistory history = counted(ChatHistory.class, new JdbiChatHistory(mysql.jdbi()));
        NumberCeilings ceilings = counted(NumberCeilings.class, new JdbiNumberCeilings(mysql.jdbi()));
        redis = RedisConnections.connect(LocalServices.REDIS_URL);
        queue = RabbitCommandQueue.connect(RabbitConfig.fromUrl(LocalServices.RABBITMQ_URL));
        search = ElasticMessageSearch.create(LocalServices.ELASTICSEARCH_URL, LocalServices.ELASTICSEARCH_INDEX);
        app = HttpApi.create(ChatService.of(applications, history,
                new RedisNumberAllocator(redis, ceilings, applications, history, "chat:", 1000), queue,
                search, Clock.systemUTC()), Optional.empty()).start(0);
    }

    /** {@code real}, counting every call it receives in {@link #repositoryCalls}. */
    private static <T> T counted(Class<T> port, T real) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                (proxy, method, args) -> {
                    repositoryCalls.incrementAndGet();
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
        queue.close();
        search.close();
        redis.close();
        mysql.close();
    }

    @Test
    void createChatsAndMessages_steadyState_queryMysqlZeroTimes() throws Exception {
        String token = post("/applications", "{\"name\":\"counted\"}", 201).get("token").asText();
        post("/applications/" + token + "/chats", null, 202);
        long before = repositoryCalls.get();
        for (int chat = 0; chat < 50; chat++) {
            int number = post("/applications/" + token + "/chats", null, 202).get("number").asInt();
            for (int message = 0; message < 10; message++) {
                post("/applications/" + token + "/chats/" + number + "/messages", "{\"body\":\"hello\"}", 202);
            }
        }
        assertEquals(0, repositoryCalls.get() - before, "repository calls while creating 50 chats, 500 messages");
    }

    private static JsonNode post(String path, String json, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
