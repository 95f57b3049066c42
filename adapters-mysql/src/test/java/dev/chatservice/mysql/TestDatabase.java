package dev.chatservice.mysql;

import static org.junit.jupiter.api.Assertions.fail;

import dev.chatservice.domain.contract.StoreContract.Ports;
import dev.chatservice.domain.port.DependencyUnavailableException;
import org.jdbi.v3.core.Jdbi;

/** Connects the tests, once per JVM, to the MySQL or MariaDB named by CHAT_MYSQL_URL, USER and PASSWORD. */
final class TestDatabase {
    static final String URL = env("CHAT_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test");
    static final String USER = env("CHAT_MYSQL_USER", "root");
    static final String PASSWORD = env("CHAT_MYSQL_PASSWORD", "");
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
                    + "`start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`, "
                    + "or point CHAT_MYSQL_URL, CHAT_MYSQL_USER and CHAT_MYSQL_PASSWORD at another.", unreachable);
        }
        return database.jdbi();
    }

    /** The MySQL adapters of the three ports over the same rows, on {@code jdbi}. */
    static Ports store(Jdbi jdbi) {
        return new Ports(new JdbiApplicationRegistry(jdbi), new JdbiChatHistory(jdbi), new JdbiChatLedger(jdbi));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
