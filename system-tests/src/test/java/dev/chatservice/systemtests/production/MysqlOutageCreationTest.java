package dev.chatservice.systemtests.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creation rides out a MySQL outage: the allocator keeps a minute of each chat's rate reserved, so while
 * MariaDB is stopped for 10 s, chats taking 200 messages a second each, and new chats, get no 503, and every
 * accepted create is in MySQL once it is back. Two HTTP nodes and a worker run as separate processes; this
 * stops the shared MariaDB, so it runs only under {@code flock /tmp/chat-servers.lock}.
 */
class MysqlOutageCreationTest {
    private static final int CHATS = 3;
    private static final int PER_SECOND = 150;
    private static final Duration WARM_UP = Duration.ofSeconds(12);
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration AFTER = Duration.ofSeconds(5);
    private static final Duration DRAIN = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<Node> nodes = new ArrayList<>();

    @BeforeAll
    static void startStack() throws Exception {
        LocalServices.reset();
        nodes.add(Node.http("outage-http-0"));
        nodes.add(Node.http("outage-http-1"));
        nodes.add(Node.worker("outage-worker-0"));
    }

    @AfterAll
    static void stopStack() throws Exception {
        for (Node node : nodes) {
            node.close();
        }
    }

    private static JsonNode post(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nodes.get(0).baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 201 || response.statusCode() == 202,
                "POST " + path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void createMessagesAndChats_mariadbDown10s_no503AndNothingLost() throws Exception {
        String token = post("/applications", "{\"name\":\"outage\"}").get("token").asText();
        List<Integer> chats = new ArrayList<>();
        for (int i = 0; i < CHATS; i++) {
            chats.add(post("/applications/" + token + "/chats", null).get("number").asInt());
        }
        PacedCreates load = new PacedCreates(List.of(nodes.get(0).baseUrl(), nodes.get(1).baseUrl()), token, chats,
                PER_SECOND);
        load.start();
        Thread.sleep(WARM_UP.toMillis());

        Map<Integer, Map<Integer, String>> createdInOutage = new HashMap<>();
        long stoppedAt;
        long restartedAt;
        boolean downThroughout;
        boolean restarted;
        try {
            LocalMariaDb.stop();
            stoppedAt = System.nanoTime();
            assertFalse(LocalMariaDb.isUp(), "MariaDB stopped");
            while (System.nanoTime() - stoppedAt < OUTAGE.toNanos()) {
                Thread.sleep(1_000);
                int chat = post("/applications/" + token + "/chats", null).get("number").asInt();
                int message = post("/applications/" + token + "/chats/" + chat + "/messages",
                        "{\"body\":\"born in the outage\"}").get("number").asInt();
                createdInOutage.put(chat, Map.of(message, "born in the outage"));
            }
            downThroughout = !LocalMariaDb.isUp();
        } finally {
            restarted = LocalMariaDb.start();
            restartedAt = System.nanoTime();
        }
        assertTrue(restarted, "MariaDB started again");
        assertTrue(downThroughout, "MariaDB stayed down for the whole outage");
        Thread.sleep(AFTER.toMillis());
        assertTrue(load.stop(), "every create answered");

        List<PacedCreates.Refused> refused = load.refused();
        assertEquals(0, refused.size(), "creates not answered 202, e.g. " + refused.subList(0, Math.min(5,
                refused.size())));
        long inOutage = load.accepted().stream()
                .filter(a -> a.dueAtNanos() >= stoppedAt && a.dueAtNanos() <= restartedAt).count();
        // Half the schedule at least: the load really ran while MySQL was down.
        assertTrue(inOutage >= CHATS * PER_SECOND * OUTAGE.toSeconds() / 2, "accepted in the outage: " + inOutage);

        Map<Integer, Map<Integer, String>> expected = new TreeMap<>(createdInOutage);
        for (PacedCreates.Accepted a : load.accepted()) {
            expected.computeIfAbsent(a.chat(), chat -> new TreeMap<>()).put(a.number(), a.body());
        }
        long total = expected.values().stream().mapToLong(Map::size).sum();
        assertEquals(load.accepted().size() + createdInOutage.size(), total, "no number granted twice");
        awaitPersisted(token, total);
        for (Map.Entry<Integer, Map<Integer, String>> chat : expected.entrySet()) {
            assertEquals(chat.getValue(), persisted(token, chat.getKey()), "chat " + chat.getKey() + " in MySQL");
        }
    }

    private static void awaitPersisted(String token, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        long count = -1;
        while (System.nanoTime() < deadline) {
            count = query(token, "SELECT COUNT(*) FROM messages m JOIN chats c ON m.chat_id = c.id "
                    + "JOIN applications a ON c.application_id = a.id WHERE a.token = ?", rs -> rs.getLong(1))
                    .get(0);
            if (count >= expected) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("persisted " + count + " of " + expected + " messages within " + DRAIN);
    }

    private static Map<Integer, String> persisted(String token, int chat) {
        Map<Integer, String> messages = new TreeMap<>();
        query(token, "SELECT m.message_number, m.body FROM messages m JOIN chats c ON m.chat_id = c.id "
                + "JOIN applications a ON c.application_id = a.id WHERE a.token = ? AND c.chat_number = " + chat,
                rs -> messages.put(rs.getInt(1), rs.getString(2)));
        return messages;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String token, String sql, Row<T> row) {
        try (Connection connection = DriverManager.getConnection(LocalServices.MYSQL_URL
                + "?allowPublicKeyRetrieval=true&useSSL=false", LocalServices.MYSQL_USER,
                LocalServices.MYSQL_PASSWORD); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, token);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
