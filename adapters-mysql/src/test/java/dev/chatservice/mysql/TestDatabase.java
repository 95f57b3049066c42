package dev.chatservice.mysql;

import static org.junit.jupiter.api.Assertions.fail;

import dev.chatservice.domain.contract.StoreContract.Ports;
import dev.chatservice.domain.port.DependencyUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Connects the tests, once per JVM, to the MySQL or MariaDB named by CHAT_MYSQL_URL, USER and PASSWORD. The
 * login defaults to the one scripts/stack set up and wrote to its env file (root where root has a TCP login,
 * else a user of its own, as on a fresh Debian): one source, the same one the nodes and the fault suite use.
 */
final class TestDatabase {
    static final String URL = env("CHAT_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test");
    private static final Map<String, String> STACK_ENV = stackEnv();
    static final String USER = env("CHAT_MYSQL_USER", STACK_ENV.getOrDefault("CHAT_MYSQL_USER", "root"));
    static final String PASSWORD = System.getenv("CHAT_MYSQL_USER") != null
            ? env("CHAT_MYSQL_PASSWORD", "")
            : env("CHAT_MYSQL_PASSWORD", STACK_ENV.getOrDefault("CHAT_MYSQL_PASSWORD", ""));
    private static MysqlDatabase database;
    private static DependencyUnavailableException unreachable;

    private TestDatabase() {}

    /** The shared Jdbi; fails, rather than skips, the calling test when the server is down. */
    static synchronized Jdbi jdbi() {
        if (database == null && unreachable == null) {
            try {
                database = MysqlDatabase.connect(URL, USER, PASSWORD);
            } catch (DependencyUnavailableException e) {
                unreachable = e; // remembered, so the other tests fail at once instead of timing out again
            }
        }
        if (unreachable != null) {
            fail("No MySQL/MariaDB at " + URL + ". Start the local one with `scripts/stack up` or "
                    + "`scripts/stack start-mysql`, "
                    + "or point CHAT_MYSQL_URL, CHAT_MYSQL_USER and CHAT_MYSQL_PASSWORD at another.", unreachable);
        }
        return database.jdbi();
    }

    /** The MySQL adapters of the four ports over the same rows, on {@code jdbi}. */
    static Ports store(Jdbi jdbi) {
        return new Ports(new JdbiApplicationRegistry(jdbi), new JdbiChatHistory(jdbi), new JdbiChatLedger(jdbi),
                new JdbiChangeFeed(jdbi));
    }

    /** The env file scripts/stack wrote (CHAT_STACK_DIR, default /var/tmp/chat-stack), or nothing. */
    private static Map<String, String> stackEnv() {
        Path file = Path.of(env("CHAT_STACK_DIR", "/var/tmp/chat-stack"), "env");
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // no stack set up on this machine: root with no password, the local server's default
        }
        return values;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
