package dev.chatservice.http;

import dev.chatservice.domain.memory.QueueDrain;
import dev.chatservice.wiring.Telemetry;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** A real HTTP server on a free port, wired as the embedded mode is, with the worker running in-process. */
final class EmbeddedServer implements AutoCloseable {
    static final String ADMIN_KEY = "test-admin-key-0123456789";

    private final EmbeddedMode embedded;
    private final Javalin app;

    EmbeddedServer() {
        Telemetry telemetry = new Telemetry();
        embedded = new EmbeddedMode(telemetry, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)),
                Duration.ofSeconds(1));
        app = HttpApi.create(embedded.service(), HttpSettings.defaults(Optional.of(ADMIN_KEY)), java.util.Map.of(),
                () -> false,
                telemetry).start(0);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** Waits until the worker has applied every accepted command. */
    void awaitPersisted() throws InterruptedException {
        if (!QueueDrain.awaitDrained(embedded.queue(), Duration.ofSeconds(30))) {
            throw new AssertionError("commands were not persisted within 30 s");
        }
    }

    @Override
    public void close() {
        app.stop();
        embedded.close();
    }
}
