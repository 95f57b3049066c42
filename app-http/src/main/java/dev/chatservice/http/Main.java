package dev.chatservice.http;

import dev.chatservice.domain.ChatService;
import dev.chatservice.wiring.Infrastructure;
import dev.chatservice.wiring.Settings;
import dev.chatservice.wiring.Telemetry;
import dev.chatservice.wiring.TimedCommandQueue;
import dev.chatservice.wiring.TimedNumberAllocator;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
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
        Telemetry telemetry = new Telemetry();
        MeterRegistry registry = telemetry.registry();
        if (services.isPresent()) {
            LOG.info("production mode: {}", services.get());
            Infrastructure infrastructure = Infrastructure.connect(services.get());
            resources.add(infrastructure);
            app = HttpApi.create(ChatService.of(infrastructure.applications(), infrastructure.history(),
                    infrastructure.changeFeed(),
                    new TimedNumberAllocator(infrastructure.allocator(), registry),
                    new TimedCommandQueue(infrastructure.queue(), registry), infrastructure.search(), clock,
                    infrastructure.changeFanOut()),
                    http, infrastructure.readiness(false), draining::get, telemetry);
        } else {
            EmbeddedMode embedded = new EmbeddedMode(telemetry, clock, Duration.ofSeconds(5));
            resources.add(embedded);
            app = HttpApi.create(embedded.service(), http, java.util.Map.of(), draining::get, telemetry);
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
