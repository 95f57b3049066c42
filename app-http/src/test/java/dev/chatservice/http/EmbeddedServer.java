package dev.chatservice.http;

import dev.chatservice.domain.memory.InMemoryChatRepository;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.process.CommandProcessor;
import dev.chatservice.domain.process.Worker;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** A real HTTP server on a free port, wired to in-memory ports with the worker running in-process. */
final class EmbeddedServer implements AutoCloseable {
    static final String ADMIN_KEY = "test-admin-key-0123456789";

    final InMemoryCommandQueue queue = new InMemoryCommandQueue();
    private final Worker worker;
    private final Javalin app;

    EmbeddedServer() {
        InMemoryChatRepository repository = new InMemoryChatRepository();
        InMemoryMessageSearch search = new InMemoryMessageSearch();
        worker = new Worker(queue, new CommandProcessor(repository, search), repository,
                Duration.ofSeconds(1), Duration.ofMinutes(1));
        worker.start();
        app = HttpApi.create(UseCases.of(repository, new InMemoryNumberAllocator(), queue, search,
                Clock.tick(Clock.systemUTC(), Duration.ofMillis(1))), Optional.of(ADMIN_KEY)).start(0);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** Waits until the worker has applied every accepted command. */
    void awaitPersisted() throws InterruptedException {
        if (!queue.awaitDrained(Duration.ofSeconds(30))) {
            throw new AssertionError("commands were not persisted within 30 s");
        }
    }

    @Override
    public void close() {
        app.stop();
        worker.close();
    }
}
