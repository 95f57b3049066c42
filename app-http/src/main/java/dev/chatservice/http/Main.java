package dev.chatservice.http;

import dev.chatservice.domain.memory.InMemoryChatRepository;
import dev.chatservice.domain.memory.InMemoryCommandQueue;
import dev.chatservice.domain.memory.InMemoryMessageSearch;
import dev.chatservice.domain.memory.InMemoryNumberAllocator;
import dev.chatservice.domain.process.CommandProcessor;
import dev.chatservice.domain.process.Worker;
import dev.chatservice.worker.Infrastructure;
import dev.chatservice.worker.Settings;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts an HTTP node; with no backing services configured, the embedded mode runs everything in memory. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /** How long a stopping node stays up, unready, so that load balancers notice before it closes. */
    private static final long DRAIN_DELAY_MILLIS = 2_000;

    private Main() {}

    public static void main(String[] args) {
        HttpSettings http;
        Optional<Settings> services;
        try {
            http = HttpSettings.fromEnvironment(System.getenv());
            services = Settings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        List<AutoCloseable> resources = new ArrayList<>();
        AtomicBoolean draining = new AtomicBoolean();
        Javalin app;
        if (services.isPresent()) {
            LOG.info("production mode: {}", services.get());
            Infrastructure infrastructure = Infrastructure.connect(services.get());
            resources.add(infrastructure);
            app = HttpApi.create(UseCases.of(infrastructure.repository(), infrastructure.allocator(),
                    infrastructure.queue(), infrastructure.search(), clock), http.adminKey(),
                    infrastructure.readiness(false), draining::get);
        } else {
            InMemoryChatRepository repository = new InMemoryChatRepository();
            InMemoryCommandQueue queue = new InMemoryCommandQueue();
            InMemoryMessageSearch search = new InMemoryMessageSearch();
            Worker worker = new Worker(queue, new CommandProcessor(repository, search), repository,
                    Duration.ofSeconds(5), Duration.ofMinutes(1));
            worker.start();
            resources.add(worker);
            app = HttpApi.create(UseCases.of(repository, new InMemoryNumberAllocator(), queue, search, clock),
                    http.adminKey(), java.util.Map.of(), draining::get);
            LOG.warn("EMBEDDED MODE: applications, chats, messages and the search index live in this process's "
                    + "memory only; NOTHING IS DURABLE and everything is lost when it stops. Set "
                    + String.join(", ", Settings.SERVICE_VARIABLES) + " for the production mode.");
        }
        app.start(http.port());
        LOG.info("chat service listening on port {}", app.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Unready first, so load balancers stop sending; then Jetty finishes what is in flight.
            draining.set(true);
            LOG.info("draining: unready now, stopping in {} ms", DRAIN_DELAY_MILLIS);
            try {
                Thread.sleep(DRAIN_DELAY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            app.stop();
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", resource, e.getMessage());
                }
            }
        }, "shutdown"));
    }
}
