package dev.chatservice.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatservice.elasticsearch.ElasticMessageSearch;
import dev.chatservice.systemtests.MysqlLogin;
import dev.chatservice.systemtests.faults.Api.Answer;
import dev.chatservice.systemtests.faults.Ledger.ChatRecord;
import dev.chatservice.systemtests.faults.Ledger.MessageRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

/**
 * The four checks after a scenario, on what MySQL really holds (read over JDBC, not through the service) and
 * what search really finds (through the API): nothing lost, no duplicates, exact counters, complete search.
 */
final class Verifier {
    private static final Duration DRAIN = Duration.ofSeconds(180);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** The deepest hit a search cursor reaches, so the most messages a chat's search can be read back for. */
    private static final int SEARCH_WINDOW = ElasticMessageSearch.MAX_WINDOW;

    /** A message row as MySQL holds it. */
    record Row(int chat, int number, String body, boolean deleted) {}

    /** The outcome of the checks of one scenario. */
    record Outcome(int lost, int duplicates, List<String> problems) {}

    private final String jdbcUrl;
    private final String vhost;
    /** Every queue the suite has seen: one missing from a listing is not drained, just not back yet. */
    private final java.util.Set<String> knownQueues = new java.util.HashSet<>();
    private final Api api;

    private final MysqlLogin login;

    /** rabbitmqctl, or the command that runs it against the HA cluster. */
    private final List<String> rabbitmqctl;

    Verifier(String database, MysqlLogin login, String vhost, Api api) {
        this(database, login, vhost, api, List.of("rabbitmqctl"));
    }

    Verifier(String database, MysqlLogin login, String vhost, Api api, List<String> rabbitmqctl) {
        this.rabbitmqctl = rabbitmqctl;
        this.login = login;
        this.jdbcUrl = "jdbc:mysql://127.0.0.1:3306/" + database
                + "?connectTimeout=3000&socketTimeout=30000&allowPublicKeyRetrieval=true&useSSL=false";
        this.vhost = vhost;
        this.api = api;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, login.user(), login.password());
    }

    /**
     * Waits until the command queues and the search outbox are empty; returns the dead-lettered count, or -1 if
     * they did not drain in time. Empty counts only when every queue seen so far is listed and running, twice
     * in a row: right after a broker restart a quorum queue that is still recovering is missing from the list
     * or not yet running, and its messages would be taken for drained.
     */
    int drain() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        int emptyReadings = 0;
        while (System.nanoTime() < deadline) {
            Map<String, QueueState> queues = queueStates();
            knownQueues.addAll(queues.keySet());
            boolean allRunning = !queues.isEmpty() && queues.keySet().containsAll(knownQueues)
                    && queues.values().stream().allMatch(q -> q.state().equals("running"));
            long queued = queues.entrySet().stream().filter(e -> !e.getKey().endsWith(".dlq"))
                    .mapToLong(e -> e.getValue().messages()).sum();
            emptyReadings = allRunning && queued == 0 && outbox() == 0 ? emptyReadings + 1 : 0;
            if (emptyReadings >= 2) {
                QueueState dlq = queues.get("chat.commands.dlq");
                return dlq == null ? 0 : (int) dlq.messages();
            }
            Shell.sleep(1000);
        }
        return -1;
    }

    private record QueueState(long messages, String state) {}

    /**
     * Ready plus unacknowledged messages, and the state, of each durable queue of the suite's virtual host (the
     * command shards and the dead-letter queue).
     */
    private Map<String, QueueState> queueStates() {
        List<String> command = new ArrayList<>(rabbitmqctl);
        command.addAll(List.of("-q", "list_queues", "-p", vhost, "--no-table-headers", "name", "messages", "state"));
        String out = Shell.output(Duration.ofSeconds(30), command);
        Map<String, QueueState> states = new HashMap<>();
        if (out != null) {
            for (String line : out.split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 1 && fields[0].startsWith("amq.")) {
                    // A node's live-event queue (server-named, exclusive, auto-deleted): transient by design, it
                    // goes with its connection and comes back under another name, and holds no command.
                    continue;
                }
                if (fields.length == 3 && fields[1].matches("\\d+")) {
                    states.put(fields[0], new QueueState(Long.parseLong(fields[1]), fields[2]));
                } else if (fields.length >= 1 && !fields[0].isEmpty()) {
                    states.put(fields[0], new QueueState(0, "unknown"));
                }
            }
        }
        return states;
    }

    private long outbox() {
        try (Connection connection = connect();
             ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM search_outbox")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    Outcome check(String token, Ledger ledger) throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<Integer, Boolean> chatRows = new HashMap<>();
        Map<String, Row> rows = new HashMap<>();
        Map<String, Integer> tagCount = new HashMap<>();
        try (Connection connection = connect()) {
            try (PreparedStatement chats = connection.prepareStatement("SELECT c.chat_number, c.deleted FROM chats c "
                    + "JOIN applications a ON a.id = c.application_id WHERE a.token = ?")) {
                chats.setString(1, token);
                try (ResultSet rs = chats.executeQuery()) {
                    while (rs.next()) {
                        chatRows.put(rs.getInt(1), rs.getBoolean(2));
                    }
                }
            }
            try (PreparedStatement messages = connection.prepareStatement("SELECT c.chat_number, m.message_number, "
                    + "m.body, m.deleted FROM messages m JOIN chats c ON c.id = m.chat_id "
                    + "JOIN applications a ON a.id = c.application_id WHERE a.token = ?")) {
                messages.setString(1, token);
                try (ResultSet rs = messages.executeQuery()) {
                    while (rs.next()) {
                        Row row = new Row(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4));
                        rows.put(row.chat() + "/" + row.number(), row);
                        tagCount.merge(row.body().split(" ", 2)[0], 1, Integer::sum);
                    }
                }
            }
        }
        int lost = 0;
        int duplicates = ledger.grantedTwice.size();
        ledger.grantedTwice.forEach(d -> problems.add("number acknowledged twice: " + d));
        for (ChatRecord chat : ledger.chats.values()) {
            Boolean deleted = chatRows.get(chat.number);
            if (deleted == null) {
                lost++;
                problems.add("acknowledged chat " + chat.number + " is not in MySQL");
                continue;
            }
            if (chat.uncertain) {
                continue;
            }
            if (chat.deleted != deleted) {
                lost++;
                problems.add("chat " + chat.number + (chat.deleted ? " still live after its acknowledged delete"
                        : " deleted though no delete was acknowledged"));
            }
            if (chat.deleted) {
                continue;
            }
            for (MessageRecord message : chat.messages.values()) {
                Row row = rows.get(chat.number + "/" + message.number);
                if (tagCount.getOrDefault(message.tag, 0) > 1) {
                    duplicates++;
                    problems.add("message " + message.tag + " is in MySQL " + tagCount.get(message.tag) + " times");
                }
                if (row == null) {
                    lost++;
                    problems.add("acknowledged message " + chat.number + "/" + message.number + " is not in MySQL");
                } else if (!message.uncertain && message.deleted != row.deleted()) {
                    lost++;
                    problems.add("message " + chat.number + "/" + message.number + (message.deleted
                            ? " still live after its acknowledged delete" : " deleted though no delete was acknowledged"));
                } else if (!message.uncertain && !message.deleted && !message.body.equals(row.body())) {
                    lost++;
                    problems.add("message " + chat.number + "/" + message.number + " holds '" + row.body()
                            + "', not its last acknowledged body '" + message.body + "'");
                } else if (row.deleted()) {
                    // A tombstone keeps no body, so it cannot show whose create it was; it must show nothing.
                    if (!row.body().isEmpty()) {
                        problems.add("deleted message " + chat.number + "/" + message.number + " keeps its body");
                    }
                } else if (!row.body().startsWith(message.tag + " ")) {
                    duplicates++;
                    problems.add("message " + chat.number + "/" + message.number + " holds another create's body '"
                            + row.body() + "'");
                }
            }
        }
        String counters = awaitCountersExact(token);
        if (counters != null) {
            problems.add(counters);
        }
        String search = awaitSearchComplete(token, chatRows, rows);
        if (search != null) {
            problems.add(search);
        }
        return new Outcome(lost, duplicates, problems);
    }

    /** Null once chats_count and every live chat's messages_count equal the live rows; else what differs. */
    private String awaitCountersExact(String token) {
        String[] last = {null};
        boolean exact = Shell.await(SETTLE, () -> {
            last[0] = counterDrift(token);
            return last[0] == null;
        });
        return exact ? null : "counters not exact within " + SETTLE.toSeconds() + " s: " + last[0];
    }

    private String counterDrift(String token) {
        try (Connection connection = connect();
             PreparedStatement app = connection.prepareStatement("SELECT a.chats_count, (SELECT COUNT(*) FROM chats c "
                     + "WHERE c.application_id = a.id AND NOT c.deleted) FROM applications a WHERE a.token = ?");
             PreparedStatement chats = connection.prepareStatement("SELECT c.chat_number, c.messages_count, "
                     + "(SELECT COUNT(*) FROM messages m WHERE m.chat_id = c.id AND NOT m.deleted) FROM chats c "
                     + "JOIN applications a ON a.id = c.application_id WHERE a.token = ? AND NOT c.deleted")) {
            app.setString(1, token);
            try (ResultSet rs = app.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != rs.getLong(2)) {
                    return "chats_count " + rs.getLong(1) + " but " + rs.getLong(2) + " live chats";
                }
            }
            chats.setString(1, token);
            try (ResultSet rs = chats.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(2) != rs.getLong(3)) {
                        return "chat " + rs.getInt(1) + " messages_count " + rs.getLong(2) + " but " + rs.getLong(3)
                                + " live messages";
                    }
                }
            }
            return null;
        } catch (SQLException e) {
            return "cannot read counters: " + e.getMessage();
        }
    }

    /** Null once a search in each live chat finds exactly its live messages with their bodies; else the gap. */
    private String awaitSearchComplete(String token, Map<Integer, Boolean> chatRows, Map<String, Row> rows) {
        Map<Integer, Map<Integer, String>> expected = new TreeMap<>();
        chatRows.forEach((chat, deleted) -> {
            if (!deleted) {
                expected.put(chat, new TreeMap<>());
            }
        });
        rows.values().stream().filter(r -> !r.deleted() && expected.containsKey(r.chat()))
                .forEach(r -> expected.get(r.chat()).put(r.number(), r.body()));
        for (Map.Entry<Integer, Map<Integer, String>> chat : expected.entrySet()) {
            if (chat.getValue().size() > SEARCH_WINDOW) {
                return "chat " + chat.getKey() + " has " + chat.getValue().size() + " live messages, more than the "
                        + SEARCH_WINDOW + " hits a search pages to: its completeness cannot be read back (spread the "
                        + "load over more chats)";
            }
        }
        String[] last = {null};
        boolean complete = Shell.await(SETTLE, () -> {
            last[0] = null;
            for (Map.Entry<Integer, Map<Integer, String>> chat : expected.entrySet()) {
                Map<Integer, String> found = search(token, chat.getKey());
                if (!chat.getValue().equals(found)) {
                    last[0] = "chat " + chat.getKey() + ": " + chat.getValue().size() + " live messages, search found "
                            + (found == null ? "no answer" : found.size() + " (" + difference(chat.getValue(), found)
                            + ")");
                    return false;
                }
            }
            return true;
        });
        return complete ? null : "search not complete within " + SETTLE.toSeconds() + " s: " + last[0];
    }

    private Map<Integer, String> search(String token, int chat) {
        Map<Integer, String> found = new TreeMap<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            Answer answer = api.once("GET", "/applications/" + token + "/chats/" + chat + "/messages/search?limit=200&q="
                    + Load.WORD + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    null, null);
            if (answer.status() != 200) {
                return null;
            }
            for (JsonNode hit : answer.body().get("items")) {
                found.put(hit.get("number").asInt(), hit.get("body").asText());
            }
            JsonNode next = answer.body().get("next_cursor");
            if (next == null || next.isNull()) {
                return found;
            }
            cursor = next.asText();
        }
        return null;
    }

    private static String difference(Map<Integer, String> expected, Map<Integer, String> found) {
        List<String> out = new ArrayList<>();
        expected.forEach((n, body) -> {
            if (!body.equals(found.get(n))) {
                out.add("missing or stale " + n);
            }
        });
        found.keySet().stream().filter(n -> !expected.containsKey(n)).forEach(n -> out.add("extra " + n));
        return String.join(", ", out.subList(0, Math.min(5, out.size())));
    }
}
