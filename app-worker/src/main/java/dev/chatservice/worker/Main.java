package dev.chatservice.worker;

import dev.chatservice.domain.command.Command;
import dev.chatservice.domain.process.CommandProcessor;
import dev.chatservice.domain.process.RebuildSearchIndex;
import dev.chatservice.domain.process.Worker;
import dev.chatservice.mysql.MysqlDatabase;
import dev.chatservice.wiring.Infrastructure;
import dev.chatservice.wiring.MeteredProcessing;
import dev.chatservice.wiring.QueueMetrics;
import dev.chatservice.wiring.Settings;
import dev.chatservice.wiring.Telemetry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process and the admin commands:
 * {@code java -jar app-worker.jar [run | migrate | reindex | reconcile | dlq list | dlq replay]}.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String USAGE =
            "usage: java -jar app-worker.jar [run | migrate | reindex | reconcile | dlq list | dlq replay]";

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        String command = String.join(" ", args).trim();
        if (command.isEmpty()) {
            command = "run";
        }
        if (!List.of("run", "migrate", "reindex", "reconcile", "dlq list", "dlq replay").contains(command)) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Optional<Settings> settings;
        try {
            settings = Settings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (settings.isEmpty()) {
            // An in-memory queue lives inside one process, so a separate worker would never see a command.
            System.err.println("app-worker needs " + Settings.SERVICE_VARIABLES + ". In the embedded mode (none of "
                    + "them set) the HTTP node runs the worker in its own process: start only app-http.jar.");
            System.exit(2);
        }
        LOG.info("connecting: {}", settings.get());
        if (command.equals("migrate")) {
            // Connecting migrates; run alone, it lets a deployment migrate once before any node starts.
            MysqlDatabase.connect(settings.get().mysqlUrl(), settings.get().mysqlUser(),
                    settings.get().mysqlPassword()).close();
            System.out.println("migrate: schema is up to date");
            return;
        }
        int healthPort = setting(System.getenv(), "CHAT_HEALTH_PORT", 9090, 0, 65535, "a port number");
        int reconcileSeconds = setting(System.getenv(), "CHAT_RECONCILE_SECONDS", 600, 1, 86_400,
                "a number of seconds from 1 to 86400");
        try (Infrastructure infrastructure = Infrastructure.connect(settings.get())) {
            switch (command) {
                case "run" -> run(infrastructure, healthPort, Duration.ofSeconds(reconcileSeconds));
                case "reindex" -> {
                    long total = infrastructure.rebuildSearch(target -> new RebuildSearchIndex(
                            infrastructure.ledger(), target)
                            .rebuild(done -> System.out.println("reindex: " + done + " messages indexed")));
                    System.out.println("reindex: done, " + total + " messages");
                }
                case "reconcile" -> System.out.println("reconcile: corrected "
                        + infrastructure.ledger().reconcileCounters() + " counters");
                case "dlq list" -> {
                    List<Command> dead = infrastructure.deadLetters().list();
                    dead.forEach(c -> System.out.println("dlq: " + c.getClass().getSimpleName() + " chat "
                            + c.chat().chat().value() + " accepted " + c.acceptedAt()));
                    System.out.println("dlq: " + dead.size() + " dead letters");
                }
                case "dlq replay" -> System.out.println("dlq: replayed " + infrastructure.deadLetters().replay()
                        + " dead letters");
                default -> throw new IllegalStateException(command);
            }
        }
    }

    private static int setting(java.util.Map<String, String> env, String name, int byDefault, int min, int max,
                               String what) {
        String raw = env.getOrDefault(name, Integer.toString(byDefault)).trim();
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("configuration error: " + name + " must be " + what + ", got '" + raw + "'");
        System.exit(2);
        return -1;
    }

    private static void run(Infrastructure infrastructure, int healthPort, Duration reconcileEvery)
            throws InterruptedException {
        Telemetry telemetry = new Telemetry();
        QueueMetrics.bind(infrastructure.queueStats(), telemetry.registry());
        Worker worker = new Worker(infrastructure.queue(), new CommandProcessor(infrastructure.ledger(),
                infrastructure.search(), infrastructure.changeFanOut(), new MeteredProcessing(telemetry.registry())),
                Duration.ofSeconds(2), reconcileEvery);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: finishing the batch in hand");
            worker.close();
            infrastructure.close();
            stopped.countDown();
        }, "shutdown"));
        worker.start();
        try {
            HealthServer health = HealthServer.start(healthPort, infrastructure.readiness(true), telemetry);
            LOG.info("health checks on port {}", health.port());
        } catch (java.io.IOException e) {
            LOG.error("cannot serve health checks on port {}: {}", healthPort, e.getMessage());
            System.exit(1);
        }
        LOG.info("worker running");
        stopped.await();
    }
}
