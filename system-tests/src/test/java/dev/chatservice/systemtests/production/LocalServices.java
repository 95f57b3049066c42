package dev.chatservice.systemtests.production;

import static org.junit.jupiter.api.Assertions.fail;

import dev.chatservice.systemtests.MysqlLogin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The real local servers the production-mode tests run against, each reset to an empty, isolated state:
 * database chat_it, Redis database 14, RabbitMQ virtual host chat_it and index chat-it-messages.
 * A missing server fails the test run with the command that starts it.
 */
final class LocalServices {
    static final String MYSQL_SERVER = System.getenv().getOrDefault("CHAT_IT_MYSQL_SERVER", "127.0.0.1:3306");
    /** The login scripts/stack set up: root where it has a TCP login, else its own user (see MysqlLogin). */
    private static final MysqlLogin MYSQL_LOGIN = MysqlLogin.local();
    static final String MYSQL_USER = MYSQL_LOGIN.user();
    static final String MYSQL_PASSWORD = MYSQL_LOGIN.password();
    static final String MYSQL_URL = "jdbc:mysql://" + MYSQL_SERVER + "/chat_it";
    static final String REDIS_URL = "redis://127.0.0.1:6379/14";
    static final String RABBITMQ_VHOST = "chat_it";
    static final String RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/" + RABBITMQ_VHOST;
    static final String ELASTICSEARCH_URL = "http://127.0.0.1:9200";
    static final String ELASTICSEARCH_INDEX = "chat-it-messages";
    /** The concrete index behind the alias (wildcard deletes are refused by Elasticsearch 8). */
    static final String ELASTICSEARCH_CONCRETE_INDEX = ELASTICSEARCH_INDEX + "-v3";
    private static final String HOW_TO_START = " Start the servers with: scripts/stack deps";

    private LocalServices() {}

    /** The environment a node of the stack under test gets. */
    /** The workers' counter reconciliation schedule in every system test. */
    static final int RECONCILE_SECONDS = 5;

    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CHAT_MYSQL_URL", MYSQL_URL);
        env.put("CHAT_MYSQL_USER", MYSQL_USER);
        env.put("CHAT_MYSQL_PASSWORD", MYSQL_PASSWORD);
        env.put("CHAT_REDIS_URL", REDIS_URL);
        env.put("CHAT_RABBITMQ_URL", RABBITMQ_URL);
        env.put("CHAT_ELASTICSEARCH_URL", ELASTICSEARCH_URL);
        env.put("CHAT_ELASTICSEARCH_INDEX", ELASTICSEARCH_INDEX);
        // Far shorter than the default, so that CounterReconciliationTest need not wait ten minutes, and so
        // that every other system test runs with reconciliation passes beside its batches.
        env.put("CHAT_RECONCILE_SECONDS", Integer.toString(RECONCILE_SECONDS));
        return env;
    }

    /** Empties every server's test namespace. */
    static void reset() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:mysql://" + MYSQL_SERVER
                + "/?allowPublicKeyRetrieval=true&useSSL=false", MYSQL_USER, MYSQL_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS chat_it");
            statement.execute("CREATE DATABASE chat_it CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            fail("MySQL/MariaDB is not reachable at " + MYSQL_SERVER + ": " + e.getMessage() + "." + HOW_TO_START);
        }
        try (UnifiedJedis redis = RedisClient.create(URI.create(REDIS_URL))) {
            redis.flushDB();
        } catch (RuntimeException e) {
            fail("Redis is not reachable at " + REDIS_URL + ": " + e.getMessage() + "." + HOW_TO_START);
        }
        rabbitmqctl("delete_vhost", RABBITMQ_VHOST);
        if (rabbitmqctl("add_vhost", RABBITMQ_VHOST) != 0
                || rabbitmqctl("set_permissions", "-p", RABBITMQ_VHOST, "guest", ".*", ".*", ".*") != 0) {
            fail("RabbitMQ did not take the test virtual host (rabbitmqctl failed)." + HOW_TO_START);
        }
        // The index of every mapping version an earlier run may have left behind the alias: a node that finds
        // the alias over an older one keeps serving from it, and the tests would not run on the current one.
        for (String index : List.of(ELASTICSEARCH_INDEX + "-v1", ELASTICSEARCH_INDEX + "-v2",
                ELASTICSEARCH_CONCRETE_INDEX)) {
            int deleted = elasticsearch("DELETE", "/" + index);
            if (deleted != 200 && deleted != 404) {
                fail("Elasticsearch is not reachable at " + ELASTICSEARCH_URL + "." + HOW_TO_START);
            }
        }
    }

    static int rabbitmqctl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** Sends one request to Elasticsearch; the status, or -1 if it is unreachable. */
    static int elasticsearch(String method, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ELASTICSEARCH_URL + path))
                            .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
