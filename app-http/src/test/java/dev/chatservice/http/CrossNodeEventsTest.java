package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatservice.domain.ChatService;
import dev.chatservice.domain.memory.InMemoryChatStore;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChangeSignal;
import dev.chatservice.rabbitmq.RabbitChangeFanOut;
import dev.chatservice.rabbitmq.RabbitConfig;
import dev.chatservice.wiring.Telemetry;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two HTTP nodes, each listening on its own RabbitMQ fan-out connection, and a worker that announces on a
 * third: a client of either node gets the changes, though the nodes never call each other.
 */
class CrossNodeEventsTest {
    private final RabbitConfig config = RabbitConfig.fromUrl(brokerUrl())
            .withQueuePrefix("test-" + UUID.randomUUID().toString().substring(0, 8))
            .withConnecting(2, Duration.ofMillis(200), Duration.ofMillis(200));
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final InMemoryChatStore store = new InMemoryChatStore();
    private final InMemoryNumberAllocator allocator = new InMemoryNumberAllocator();
    private final FakeChangeFeed feed = new FakeChangeFeed();

    private static String brokerUrl() {
        String url = System.getenv(RabbitConfig.URL_VARIABLE);
        return url == null || url.isBlank() ? RabbitConfig.DEFAULT_URL : url.strip();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        try (com.rabbitmq.client.Connection connection = config.connectionFactory().newConnection("test-cleanup");
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.exchangeDelete(config.queuePrefix() + ".chat.changes");
        }
    }

    private RabbitChangeFanOut fanOut() {
        RabbitChangeFanOut fanOut = RabbitChangeFanOut.connect(config);
        resources.add(fanOut);
        return fanOut;
    }

    /** A node on the shared in-memory state (as nodes share MySQL and Redis), with a fan-out of its own. */
    private String node() {
        ChatService service = ChatService.of(store, store, store, allocator, new InMemoryCommandQueue(),
                new InMemoryMessageSearch(), Clock.systemUTC(), fanOut());
        Javalin app = HttpApi.create(service, Optional.empty(), Map.of(), () -> false, new Telemetry(), feed,
                new StreamLimits(10, Duration.ofSeconds(10), Duration.ofSeconds(3), 1_000), new Cors(List.of()),
                Clock.systemUTC()).start(0);
        resources.add(app::stop);
        return "http://127.0.0.1:" + app.port();
    }

    @Test
    void chatEvents_workerAnnouncesOnTheBroker_clientsOfEveryNodeGetTheChange() throws Exception {
        String first = node();
        String second = node();
        RabbitChangeFanOut worker = fanOut();
        Client client = new Client(first);
        String token = client.post("/applications", Client.json(Map.of("name", "two nodes"))).json().get("token")
                .asText();
        int number = client.post("/applications/" + token + "/chats", null).json().get("number").asInt();
        ChatRef chat = new ChatRef(new ApplicationToken(token), new ChatNumber(number));
        String path = "/applications/" + token + "/chats/" + number + "/events";

        try (EventReader onFirst = EventReader.open(first + path, Map.of());
             EventReader onSecond = EventReader.open(second + path, Map.of())) {
            assertEquals(List.of(200, 200), List.of(onFirst.status(), onSecond.status()));
            long seq = feed.created(chat, 1, "committed by a worker");
            worker.publish(List.of(new ChangeSignal.ChatChanged(chat.application(), chat.chat(), seq)));

            for (EventReader events : List.of(onFirst, onSecond)) {
                EventReader.Frame frame = events.nextEvent();
                assertEquals(List.of("1", "message.created", "committed by a worker"),
                        List.of(frame.id(), frame.event(), frame.json().get("body").asText()));
            }
        }
    }
}
