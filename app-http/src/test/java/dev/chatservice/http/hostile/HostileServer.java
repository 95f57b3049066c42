package dev.chatservice.http.hostile;

import dev.chatservice.domain.memory.InMemoryChatRepository;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.process.CommandProcessor;
import dev.chatservice.domain.process.Worker;
import dev.chatservice.http.HttpApi;
import dev.chatservice.http.UseCases;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The embedded mode as a test fixture: a real server on a free port, in-memory ports, the worker in-process. */
final class HostileServer implements AutoCloseable {
    static final String ADMIN_KEY = "hostile-admin-key-0123456789";

    private final InMemoryCommandQueue queue = new InMemoryCommandQueue();
    private final Worker worker;
    private final Javalin app;

    HostileServer() {
        this(Optional.of(ADMIN_KEY));
    }

    HostileServer(Optional<String> adminKey) {
        InMemoryChatRepository repository = new InMemoryChatRepository();
        InMemoryMessageSearch search = new InMemoryMessageSearch();
        worker = new Worker(queue, new CommandProcessor(repository, search),
                Duration.ofSeconds(1), Duration.ofMinutes(1));
        worker.start();
        app = HttpApi.create(UseCases.of(repository, new InMemoryNumberAllocator(), queue, search,
                Clock.tick(Clock.systemUTC(), Duration.ofMillis(1))), adminKey).start(0);
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
            if (!queue.awaitDrained(Duration.ofSeconds(30))) {
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
        worker.close();
    }
}
