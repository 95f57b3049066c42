package dev.chatservice.systemtests.production;

import static dev.chatservice.systemtests.production.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workers' scheduled counter reconciliation, end to end: counts corrupted in MySQL behind the service's
 * back are repaired within the schedule (CHAT_RECONCILE_SECONDS, which the system tests set short).
 */
class CounterReconciliationTest {
    private static final Duration SCHEDULE = Duration.ofSeconds(LocalServices.RECONCILE_SECONDS);
    /** The schedule, plus one pass over a small database and the test's own polling. */
    private static final Duration WITHIN = SCHEDULE.plusSeconds(10);
    private static Cluster cluster;

    @BeforeAll
    static void startStack() throws Exception {
        cluster = Cluster.start("reconcile");
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int chatsCount(String token) {
        return cluster.call("GET", "/applications/" + token, null).body().get("chats_count").asInt();
    }

    private static int messagesCount(String token, int chat) {
        return cluster.call("GET", "/applications/" + token + "/chats/" + chat, null).body()
                .get("messages_count").asInt();
    }

    /** Runs one UPDATE on the test database, with the application's token bound; the rows it changed. */
    private static int corrupt(String sql, String token) throws Exception {
        try (Connection connection = DriverManager.getConnection(LocalServices.MYSQL_URL
                        + "?allowPublicKeyRetrieval=true&useSSL=false", LocalServices.MYSQL_USER,
                LocalServices.MYSQL_PASSWORD);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, token);
            return statement.executeUpdate();
        }
    }

    @Test
    void reconciliation_countsCorruptedInMysql_repairedWithinTheSchedule() throws Exception {
        String token = cluster.newApplication("reconcile");
        int chat = cluster.newChat(token);
        cluster.newChat(token);
        for (int i = 0; i < 3; i++) {
            cluster.newMessage(token, chat, "counted " + i);
        }
        await("counts exact before the corruption", () -> chatsCount(token) == 2 && messagesCount(token, chat) == 3);

        assertEquals(1, corrupt("UPDATE applications SET chats_count = 40 WHERE token = ?", token));
        assertEquals(2, corrupt("""
                UPDATE chats SET messages_count = 70
                WHERE application_id = (SELECT id FROM applications WHERE token = ?)""", token));
        long corrupted = System.nanoTime();
        // The API reads the stored counts, so the corruption shows until reconciliation repairs it.
        assertEquals(40, chatsCount(token));
        assertEquals(70, messagesCount(token, chat));

        await("counts repaired", WITHIN, () -> chatsCount(token) == 2 && messagesCount(token, chat) == 3
                && messagesCount(token, chat + 1) == 0);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - corrupted);
        assertTrue(seconds <= WITHIN.toSeconds(), "repaired after " + seconds + " s");
    }
}
