package dev.chatservice.systemtests.faults;

import dev.chatservice.systemtests.faults.Api.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fault suite of scripts/faults: against its own 2-node, 2-worker stack on the shared local servers, a
 * load of clients writes while each scenario injects one fault; then the queues drain and the four checks
 * run. Prints one table row per scenario and exits 1 if any check failed.
 *
 * <p>{@code FaultSuite [--quick] [--stall mysql|redis|rabbitmq|elasticsearch]} runs the suite;
 * {@code FaultSuite --ha [--quick]} runs the HA scenarios ({@link HaScenarios}) against scripts/ha-cluster's
 * clusters instead, and reports how long clients saw 503s; {@code FaultSuite --restore} only starts whichever
 * shared server is down (scripts/faults' exit trap).
 */
public final class FaultSuite {
    private static final Map<String, Integer> PORTS =
            Map.of("mysql", 3306, "redis", 6379, "rabbitmq", 5672, "elasticsearch", 9200);

    /** The timings of a run: --quick scales the fault windows down to stay under five minutes. */
    record Timing(int clients, Duration warmup, Duration tail, Duration elasticsearchDown, Duration stall) {}

    /** One row of the table. */
    record Row(String scenario, int acknowledged, int persisted, int lost, int duplicates, int serverErrors,
               int internalErrors, long slowest503Millis, int slow503, double recoverySeconds, List<String> problems,
               int unavailable, double unavailableWindowSeconds) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    /**
     * One scenario: its fault, and the 503 window it aims at ("-" for none). A window past its target is
     * reported, not failed: the pass criteria are the four checks and no 500.
     */
    record Scenario(String name, String target, Fault fault) {}

    /** One fault: injected while the load runs, healed before the suite measures recovery. */
    interface Fault {
        void inject() throws Exception;

        void heal() throws Exception;
    }

    private final String root = env("CHAT_FAULTS_ROOT", ".");
    private final Path dir = Path.of(env("CHAT_FAULTS_DIR", "/var/tmp/chat-faults"));
    private final Shell shell;
    private final Stack stack;
    private final Servers servers;
    private final Api api;
    private final Verifier verifier;
    private final Timing timing;
    private final String stallTarget;
    private final StallProxy proxy;
    /** The HA run's scenarios; null in the single-server suite. */
    private final HaScenarios ha;
    /** The scenarios in the order they run. */
    private final List<Scenario> scenarios = new ArrayList<>();

    private FaultSuite(boolean quick, String stallTarget, boolean ha) throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        shell = new Shell(dir.resolve("logs").resolve("faults.log"));
        stack = new Stack(root, shell, dir, Integer.parseInt(env("CHAT_FAULTS_HTTP_PORT", "8180")),
                Integer.parseInt(env("CHAT_FAULTS_WORKER_HEALTH_PORT", "9180")), "chat_faults", 12, "chat_faults",
                "chat-faults-messages");
        servers = new Servers(shell, root, env("CHAT_FAULTS_ES_STACK_DIR", "/var/tmp/chat-stack"), stack.redisDb);
        api = new Api(stack.httpBases());
        if (ha) {
            HaCluster cluster = new HaCluster(shell, root);
            stack.useHaClusters(cluster);
            this.ha = new HaScenarios(cluster, stack.vhost, Duration.ofSeconds(quick ? 5 : 20),
                    Duration.ofSeconds(quick ? 25 : 45), FaultSuite::say);
        } else {
            this.ha = null;
        }
        verifier = new Verifier(stack.database, stack.mysqlLogin(), stack.vhost, api, stack.rabbitmqctl());
        timing = quick
                ? new Timing(6, Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(8))
                : new Timing(8, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        this.stallTarget = stallTarget;
        proxy = new StallProxy("127.0.0.1", PORTS.get(stallTarget));
        if (!ha) {
            stack.route("CHAT_STACK_" + stallTarget.toUpperCase(Locale.ROOT) + "_ADDR", "127.0.0.1:" + proxy.port());
        }
    }

    public static void main(String[] args) {
        boolean quick = false;
        boolean ha = false;
        String stall = "rabbitmq";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--ha" -> ha = true;
                case "--stall" -> stall = i + 1 < args.length ? args[++i] : "";
                case "--restore" -> {
                    List<String> down = new Servers(new Shell(Path.of("/dev/null")), env("CHAT_FAULTS_ROOT", "."),
                            env("CHAT_FAULTS_ES_STACK_DIR", "/var/tmp/chat-stack"), 12).restoreAll();
                    System.out.println(down.isEmpty() ? "faults: every shared server is up"
                            : "faults: could not start " + down);
                    System.exit(down.isEmpty() ? 0 : 1);
                }
                default -> usage();
            }
        }
        if (!PORTS.containsKey(stall)) {
            usage();
        }
        int code;
        try {
            code = new FaultSuite(quick, stall, ha).run();
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    private static void usage() {
        System.err.println("usage: FaultSuite [--quick] [--stall mysql|redis|rabbitmq|elasticsearch] | --ha [--quick]"
                + " | --restore");
        System.exit(2);
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try {
            say("resetting database " + stack.database + ", Redis database " + stack.redisDb + ", virtual host "
                    + stack.vhost + " and index " + stack.index);
            stack.reset();
            say("starting 2 HTTP nodes (ports " + stack.httpPort + "-" + (stack.httpPort + 1) + ") and 2 workers; "
                    + "logs in " + dir.resolve("logs") + "; " + (ha != null ? "against the HA clusters"
                    : stallTarget + " through a stall proxy on port " + proxy.port()));
            if (!stack.up()) {
                throw new IllegalStateException("the stack did not come up; see " + dir.resolve("logs"));
            }
            scenarios.addAll(ha != null ? ha.all()
                    : new ServerScenarios(stack, servers, timing, stallTarget, proxy, FaultSuite::say).all());
            for (Scenario scenario : scenarios) {
                rows.add(scenario(scenario.name(), scenario.fault()));
            }
        } finally {
            proxy.resume();
            // The HA run's stack was started with --ha, so this also stops the clusters (and heals a partition).
            stack.down();
            proxy.close();
            List<String> down = servers.restoreAll();
            if (!down.isEmpty()) {
                System.out.println("faults: COULD NOT RESTART " + down);
            }
        }
        return finish(rows, started, scenarios.size());
    }

    /** Prints the table (and the HA run's 503 windows); 0 when every one of the expected rows passed. */
    private int finish(List<Row> rows, long started, int expected) {
        printTable(rows);
        if (ha != null) {
            printWindows(rows);
        }
        boolean passed = rows.size() == expected && rows.stream().allMatch(Row::passed);
        say((passed ? "PASSED" : "FAILED") + " in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
        return passed ? 0 : 1;
    }

    private void printWindows(List<Row> rows) {
        String format = "%-30s %6s %18s %18s %s%n";
        System.out.printf(format, "scenario", "503s", "first to last 503", "target", "");
        for (int i = 0; i < rows.size() && i < scenarios.size(); i++) {
            Row row = rows.get(i);
            Scenario scenario = scenarios.get(i);
            System.out.printf(format, row.scenario(), row.unavailable(),
                    row.unavailable() == 0 ? "-" : String.format(Locale.ROOT, "%.2f s", row.unavailableWindowSeconds()),
                    scenario.target(), ha.verdict(scenario, row.unavailableWindowSeconds()));
        }
        System.out.println();
    }

    /** Runs the load, injects and heals the fault, stops the load, drains, checks. */
    private Row scenario(String name, Fault fault) throws Exception {
        say("scenario " + name);
        List<String> problems = new ArrayList<>();
        Ledger ledger = new Ledger();
        api.countInto(ledger);
        if (!stack.awaitReady(Duration.ofSeconds(120))) {
            problems.add("the stack was not ready before the scenario");
        }
        String token = createApplication(name);
        Load load = new Load(api, token, ledger, "s" + name.charAt(0));
        load.start(timing.clients(), name.hashCode());
        Shell.sleep(timing.warmup().toMillis());
        say("  injecting the fault (" + ledger.acknowledged.get() + " writes acknowledged so far)");
        long healedAt;
        try {
            fault.inject();
        } catch (RuntimeException e) {
            problems.add("injecting the fault failed: " + e.getMessage());
        } finally {
            try {
                fault.heal();
            } catch (RuntimeException e) {
                problems.add("healing the fault failed: " + e.getMessage());
            }
            healedAt = System.nanoTime();
        }
        boolean ready = stack.awaitReady(Duration.ofSeconds(120));
        long readyAt = System.nanoTime();
        if (!ready) {
            problems.add("not every node was ready within 120 s of the repair (no recovery without a restart)");
        }
        Shell.sleep(timing.tail().toMillis());
        say("  fault healed; stopping the load");
        if (!load.stop()) {
            problems.add("a client was still stuck in a write after the give-up time");
        }
        double recovery = (Math.max(readyAt, ledger.lastFailureNanos.get()) - healedAt) / 1e9;
        say("  draining the queues");
        int deadLetters = verifier.drain();
        if (deadLetters < 0) {
            problems.add("the command queues and the search outbox did not drain within 180 s");
        } else if (deadLetters > 0) {
            problems.add(deadLetters + " commands in the dead-letter queue");
        }
        Verifier.Outcome outcome;
        try {
            outcome = verifier.check(token, ledger);
        } catch (java.sql.SQLException e) {
            outcome = new Verifier.Outcome(0, 0, List.of("the checks could not read MySQL: " + e.getMessage()));
        }
        problems.addAll(outcome.problems());
        if (ledger.internalErrors.get() > 0) {
            problems.add(ledger.internalErrors.get() + " answers were 5xx other than 503");
        }
        if (ledger.timedOut.get() > 0) {
            problems.add(ledger.timedOut.get() + " requests hung past " + Api.REQUEST_TIMEOUT.toSeconds() + " s");
        }
        // The API's promise holds in every scenario, a stall included: each bound the service waits on is under
        // 1 s, so a dependency that answers nothing costs no more than one that refuses.
        if (ledger.slowUnavailable.get() > 0) {
            problems.add(ledger.slowUnavailable.get() + " 503 answers took longer than 1 s (slowest "
                    + ledger.slowestUnavailableMillis.get() + " ms)");
        }
        if (ledger.unavailableWithoutRetryAfter.get() > 0) {
            problems.add(ledger.unavailableWithoutRetryAfter.get() + " 503 answers without Retry-After");
        }
        if (ledger.gaveUp.get() > 0) {
            problems.add(ledger.gaveUp.get() + " writes never acknowledged within " + Api.GIVE_UP.toSeconds()
                    + " s of retries");
        }
        int acknowledged = ledger.acknowledged.get();
        Row row = new Row(name, acknowledged, acknowledged - outcome.lost(), outcome.lost(), outcome.duplicates(),
                ledger.serverErrors.get(), ledger.internalErrors.get(), ledger.slowestUnavailableMillis.get(),
                ledger.slowUnavailable.get(), Math.max(0, recovery), problems, ledger.unavailable.get(),
                (ledger.lastUnavailableNanos.get() - ledger.firstUnavailableNanos.get()) / 1e9);
        say("  " + (row.passed() ? "passed" : "FAILED") + ": " + acknowledged + " acknowledged, " + outcome.lost()
                + " lost, " + outcome.duplicates() + " duplicates, " + ledger.serverErrors.get() + " 5xx ("
                + ledger.slowUnavailable.get() + " 503 slower than 1 s), " + ledger.noAnswer.get() + " unanswered");
        problems.stream().limit(10).forEach(p -> say("    " + p));
        return row;
    }

    private String createApplication(String scenario) {
        Answer answer = api.write("POST", "/applications", "{\"name\":\"faults " + scenario + "\"}", null, false);
        require(answer.status() == 201, "create the scenario's application (got " + answer.status() + ")");
        return answer.body().get("token").asText();
    }

    private void printTable(List<Row> rows) {
        String format = "%-30s %12s %10s %5s %11s %5s %5s %13s %10s%n";
        System.out.println();
        System.out.printf(format, "scenario", "acknowledged", "persisted", "lost", "duplicates", "5xx", "500",
                "slowest 503", "recovery");
        for (Row row : rows) {
            System.out.printf(format, row.scenario(), row.acknowledged(), row.persisted(), row.lost(),
                    row.duplicates(), row.serverErrors(), row.internalErrors(),
                    row.slowest503Millis() == 0 ? "-" : row.slowest503Millis() + " ms",
                    String.format(Locale.ROOT, "%.1f s", row.recoverySeconds()));
        }
        System.out.println();
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("could not " + what);
        }
    }

    private static final long STARTED = System.nanoTime();

    private static void say(String line) {
        System.out.printf(Locale.ROOT, "faults: [%3d s] %s%n", (System.nanoTime() - STARTED) / 1_000_000_000, line);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
