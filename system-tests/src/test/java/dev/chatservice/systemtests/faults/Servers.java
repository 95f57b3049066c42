package dev.chatservice.systemtests.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stops and starts the machine's shared servers (MariaDB, Redis, RabbitMQ, Elasticsearch) the way this
 * machine runs them. Every server it stops is recorded, and {@link #restoreAll} starts whatever is still down,
 * so the suite never leaves a server stopped, even when a scenario fails.
 */
final class Servers {
    private static final Duration STOP = Duration.ofSeconds(90);
    private static final Duration START = Duration.ofSeconds(150);

    private final Shell shell;
    private final String root;
    private final String elasticsearchStackDir;
    private final int redisDb;

    Servers(Shell shell, String root, String elasticsearchStackDir, int redisDb) {
        this.shell = shell;
        this.root = root;
        this.elasticsearchStackDir = elasticsearchStackDir;
        this.redisDb = redisDb;
    }

    /** Empties the suite's own Redis database (the restart after it empties the others too). */
    boolean flushRedis() {
        return shell.run(Duration.ofSeconds(20), "redis-cli", "-n", Integer.toString(redisDb), "FLUSHDB") == 0;
    }

    boolean stopRedis() {
        shell.run(Duration.ofSeconds(20), "redis-cli", "SHUTDOWN", "NOSAVE");
        return Shell.await(Duration.ofSeconds(20), () -> !Shell.portOpen(6379));
    }

    boolean startRedis() {
        if (!Shell.portOpen(6379)) {
            shell.run(Duration.ofSeconds(10), "mkdir", "-p", "/var/lib/redis", "/var/log/redis");
            shell.run(Duration.ofSeconds(20), "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
                    "--port", "6379", "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
                    "--logfile", "/var/log/redis/ci.log");
        }
        return Shell.await(Duration.ofSeconds(30),
                () -> shell.run(Duration.ofSeconds(5), "redis-cli", "PING") == 0 && Shell.portOpen(6379));
    }

    boolean stopRabbitmq() {
        shell.run(STOP, "rabbitmqctl", "shutdown");
        return Shell.await(Duration.ofSeconds(30), () -> !Shell.portOpen(5672));
    }

    boolean startRabbitmq() {
        if (!Shell.portOpen(5672)) {
            shell.run(Duration.ofSeconds(30), "rabbitmq-server", "-detached");
        }
        // The detached node takes a few seconds to be reachable at all; until then await_startup fails at once.
        return Shell.await(START, () -> shell.run(Duration.ofSeconds(60), "rabbitmqctl", "await_startup") == 0)
                && Shell.await(Duration.ofSeconds(60), () -> Shell.portOpen(5672));
    }

    // MariaDB starts and stops through scripts/stack, the one definition of how (as user mysql, root's login
    // through the socket): a second copy of the command here had drifted from it once.
    boolean stopMysql() {
        mysql("stop-mysql");
        return Shell.await(Duration.ofSeconds(60), () -> !Shell.portOpen(3306));
    }

    boolean startMysql() {
        // A server still shutting down has closed its port but holds its files and pid: start-stop-daemon then
        // says "already running" and starts nothing, and scripts/stack's wait fails; so it is asked again.
        return Shell.await(Duration.ofSeconds(150), () -> mysql("start-mysql")
                && Shell.await(Duration.ofSeconds(10), () -> Shell.portOpen(3306)));
    }

    private boolean mysql(String command) {
        return shell.run(START, Map.of("CHAT_STACK_DIR", elasticsearchStackDir),
                "bash", root + "/scripts/stack", command) == 0;
    }

    boolean stopElasticsearch() {
        return elasticsearch("stop") && Shell.await(Duration.ofSeconds(30), () -> !Shell.portOpen(9200));
    }

    boolean startElasticsearch() {
        return elasticsearch("start");
    }

    private boolean elasticsearch(String command) {
        return shell.run(START, Map.of("CHAT_STACK_DIR", elasticsearchStackDir),
                "bash", root + "/scripts/elasticsearch", command) == 0;
    }

    /** Starts every server that is down; the names of those it could not start. */
    List<String> restoreAll() {
        List<String> failed = new ArrayList<>();
        if (!Shell.portOpen(3306) && !startMysql()) {
            failed.add("MariaDB");
        }
        if (!Shell.portOpen(6379) && !startRedis()) {
            failed.add("Redis");
        }
        if (!Shell.portOpen(5672) && !startRabbitmq()) {
            failed.add("RabbitMQ");
        }
        if (!Shell.portOpen(9200) && !startElasticsearch()) {
            failed.add("Elasticsearch");
        }
        return failed;
    }
}
