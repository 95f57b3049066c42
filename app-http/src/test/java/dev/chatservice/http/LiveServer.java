package dev.chatservice.http;

import dev.chatservice.domain.memory.QueueDrain;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatNumber;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.port.ChangeSignal;
import dev.chatservice.wiring.Telemetry;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded mode with a change feed the test writes and short stream schedules, so that heartbeats and
 * rechecks come within a test's patience. The test plays the worker: it appends to the feed, then signals.
 */
final class LiveServer implements AutoCloseable {
    static final String ALLOWED_ORIGIN = "https://chat.example";
    static final Duration HEARTBEAT = Duration.ofMillis(300);

    final FakeChangeFeed feed = new FakeChangeFeed();
    final Telemetry telemetry = new Telemetry();
    private final EmbeddedMode embedded;
    final Javalin app;
    final Client client;

    LiveServer(int maxStreams) {
        embedded = new EmbeddedMode(telemetry, Clock.systemUTC(), Duration.ofSeconds(1));
        app = HttpApi.create(embedded.service(), Optional.empty(), Map.of(), () -> false, telemetry, feed,
                new StreamLimits(maxStreams, HEARTBEAT, Duration.ofMillis(300), 1_500),
                new Cors(List.of(ALLOWED_ORIGIN)), Clock.systemUTC()).start(0);
        client = new Client(baseUrl());
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    EventReader stream(String path) {
        return stream(path, Map.of());
    }

    EventReader stream(String path, Map<String, String> headers) {
        return EventReader.open(baseUrl() + path, headers);
    }

    void signal(ChatRef chat, long seq) {
        embedded.changeFanOut().publish(List.of(new ChangeSignal.ChatChanged(chat.application(), chat.chat(), seq)));
    }

    String newApplication() {
        Client.Response response = client.post("/applications", Client.json(Map.of("name", "live app")));
        if (response.status() != 201) {
            throw new AssertionError(response.text());
        }
        return response.json().get("token").asText();
    }

    ChatRef newChat(String token) {
        Client.Response response = client.post("/applications/" + token + "/chats", null);
        if (response.status() != 202) {
            throw new AssertionError(response.text());
        }
        return new ChatRef(new ApplicationToken(token), new ChatNumber(response.json().get("number").asInt()));
    }

    void awaitPersisted() throws InterruptedException {
        if (!QueueDrain.awaitDrained(embedded.queue(), Duration.ofSeconds(30))) {
            throw new AssertionError("commands were not persisted within 30 s");
        }
    }

    static String path(ChatRef chat) {
        return "/applications/" + chat.application().value() + "/chats/" + chat.chat().value() + "/events";
    }

    @Override
    public void close() {
        app.stop();
        embedded.close();
    }
}
