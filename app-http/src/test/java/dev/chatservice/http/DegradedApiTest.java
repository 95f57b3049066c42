package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.wiring.Telemetry;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server whose queue can go down and that has no admin key: 503 with Retry-After, then recovery; 403. */
class DegradedApiTest {

    /** A queue standing in for a broker that is unreachable while {@code down} is set. */
    private static final class SwitchableQueue implements CommandQueue {
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public void publish(Command command) {
            if (down.get()) {
                throw new DependencyUnavailableException("queue", "unreachable for the test", null);
            }
        }

        @Override
        public Subscription subscribe(BatchHandler handler) {
            return () -> { };
        }
    }

    private static final SwitchableQueue QUEUE = new SwitchableQueue();
    private static Javalin app;
    private static Client client;

    @BeforeAll
    static void start() {
        InMemoryChatStore store = new InMemoryChatStore();
        app = HttpApi.create(ChatService.of(store, store, store, new InMemoryNumberAllocator(), QUEUE,
                new InMemoryMessageSearch(), Clock.systemUTC()), Optional.empty()).start(0);
        client = new Client("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void createChat_queueDown_returns503WithRetryAfterThenRecovers() {
        String token = client.post("/applications", Client.json(Map.of("name", "a"))).json().get("token").asText();
        QUEUE.down.set(true);
        try {
            Client.Response response = client.post("/applications/" + token + "/chats", null);
            ApiTestBase.assertProblem(response, 503, "service-unavailable");
            assertEquals("1", response.header("retry-after"));
        } finally {
            QUEUE.down.set(false);
        }
        assertEquals(202, client.post("/applications/" + token + "/chats", null).status());
    }

    @Test
    void listApplications_noAdminKeyConfigured_returns403() {
        ApiTestBase.assertProblem(client.get("/applications", "Bearer anything-at-all-1234"), 403, "forbidden");
    }

    @Test
    void readyz_whileDraining_returns503() {
        AtomicBoolean draining = new AtomicBoolean(true);
        InMemoryChatStore store = new InMemoryChatStore();
        Javalin stopping = HttpApi.create(ChatService.of(store, store, store, new InMemoryNumberAllocator(),
                QUEUE, new InMemoryMessageSearch(), Clock.systemUTC()), HttpSettings.defaults(Optional.empty()), Map.of(), draining::get,
                new Telemetry())
                .start(0);
        try {
            Client.Response response = new Client("http://127.0.0.1:" + stopping.port()).get("/readyz");
            assertEquals(503, response.status());
            assertEquals("1", response.header("retry-after"));
        } finally {
            stopping.stop();
        }
    }
}
