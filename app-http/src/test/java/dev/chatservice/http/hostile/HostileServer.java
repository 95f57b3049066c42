package dev.chatservice.http.hostile;

import dev.chatservice.domain.memory.QueueDrain;
import dev.chatservice.http.EmbeddedMode;
import dev.chatservice.http.HttpApi;
import dev.chatservice.http.HttpSettings;
import dev.chatservice.wiring.Telemetry;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The embedded mode as a test fixture: a real server on a free port, in-memory ports, the worker in-process. */
final class HostileServer implements AutoCloseable {
    static final String ADMIN_KEY = "hostile-admin-key-0123456789";

    private final EmbeddedMode embedded;
    private final Javalin app;

    HostileServer() {
        this(Optional.of(ADMIN_KEY));
    }

    HostileServer(Optional<String> adminKey) {
        Telemetry telemetry = new Telemetry();
        embedded = new EmbeddedMode(telemetry, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)),
                Duration.ofSeconds(1));
        app = HttpApi.create(embedded.service(), HttpSettings.defaults(adminKey), Map.of(), () -> false, telemetry).start(0);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    int port() {
        return app.port();
    }

    /** Waits until the worker has applied every accepted command, so reads show every write. */
    void awaitPersisted() {
        try {
            if (!QueueDrain.awaitDrained(embedded.queue(), Duration.ofSeconds(30))) {
                throw new AssertionError("commands were not persisted within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        app.stop();
        embedded.close();
    }
}
