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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts an HTTP node; with no backing services configured, the embedded mode runs everything in memory. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = Settings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        InMemoryChatRepository repository = new InMemoryChatRepository();
        InMemoryNumberAllocator allocator = new InMemoryNumberAllocator();
        InMemoryCommandQueue queue = new InMemoryCommandQueue();
        InMemoryMessageSearch search = new InMemoryMessageSearch();
        Worker worker = new Worker(queue, new CommandProcessor(repository, search), repository,
                Duration.ofSeconds(5), Duration.ofMinutes(1));
        worker.start();
        Javalin app = HttpApi.create(UseCases.of(repository, allocator, queue, search, clock), settings.adminKey());
        app.start(settings.port());
        LOG.warn("EMBEDDED MODE: applications, chats, messages and the search index live in this process's "
                + "memory only; NOTHING IS DURABLE and everything is lost when it stops. Set CHAT_MYSQL_URL, "
                + "CHAT_REDIS_URL, CHAT_RABBITMQ_URL and CHAT_ELASTICSEARCH_URL for the production mode.");
        LOG.info("chat service listening on port {}", app.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            worker.close();
        }, "shutdown"));
    }
}
