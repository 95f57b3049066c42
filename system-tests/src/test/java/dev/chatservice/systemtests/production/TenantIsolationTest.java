package dev.chatservice.systemtests.production;

import static dev.chatservice.systemtests.production.Cluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenants stay apart on the real stack: two applications hold the same words in chats and messages of the
 * same numbers, and every read and search endpoint of one, on each production node, shows nothing of the other.
 */
class TenantIsolationTest {
    private static final String WORDS = "lantern harbor";
    private static Cluster cluster;
    private static Tenant alpha;
    private static Tenant beta;

    /** An application's token, its marker word, and how many messages each of its chats holds. */
    record Tenant(String token, String marker, List<Integer> messagesPerChat) {
        String body(int message) {
            return WORDS + " " + marker + " " + message;
        }
    }

    @BeforeAll
    static void twoTenantsWithTheSameWords() throws Exception {
        cluster = Cluster.start("iso");
        // The other tenant has more chats and messages, so that a leak shows as an extra number too.
        alpha = create("tenantalpha", List.of(3, 2));
        beta = create("tenantbeta", List.of(5, 4, 2));
        for (Tenant tenant : List.of(alpha, beta)) {
            for (int chat = 1; chat <= tenant.messagesPerChat().size(); chat++) {
                int c = chat;
                int expected = tenant.messagesPerChat().get(chat - 1);
                await("messages persisted", () -> cluster.persistedMessages(tenant.token(), c).size() == expected);
                await("messages indexed", () -> cluster.search(tenant.token(), c, "lantern") == expected);
            }
        }
    }

    private static Tenant create(String marker, List<Integer> messagesPerChat) {
        Tenant tenant = new Tenant(cluster.newApplication(marker), marker, messagesPerChat);
        for (int count : messagesPerChat) {
            int chat = cluster.newChat(tenant.token());
            for (int m = 1; m <= count; m++) {
                cluster.newMessage(tenant.token(), chat, tenant.body(m));
            }
        }
        return tenant;
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyReadEndpoint_alphaOnEachNode_showsNothingOfBeta() throws Exception {
        for (Node node : cluster.httpNodes) {
            assertSeesOnlyItself(node, alpha, beta);
        }
    }

    @Test
    void everyReadEndpoint_betaOnEachNode_showsNothingOfAlpha() throws Exception {
        for (Node node : cluster.httpNodes) {
            assertSeesOnlyItself(node, beta, alpha);
        }
    }

    private static void assertSeesOnlyItself(Node node, Tenant self, Tenant other) throws Exception {
        String app = "/applications/" + self.token();
        List<String> answers = new ArrayList<>();
        int chats = self.messagesPerChat().size();

        Cluster.Reply application = get(node, app, 200, answers);
        assertEquals(chats, application.body().get("chats_count").asInt(), node.name + " chats_count");

        Cluster.Reply listed = get(node, app + "/chats?limit=200", 200, answers);
        List<Integer> numbers = new ArrayList<>();
        listed.body().get("items").forEach(c -> numbers.add(c.get("number").asInt()));
        assertEquals(IntStream.rangeClosed(1, chats).boxed().toList(), numbers, node.name + " chats listed");
        // A chat number only the other tenant has.
        get(node, app + "/chats/" + (chats + 1), 404, answers);
        get(node, app + "/chats/" + (chats + 1) + "/messages", 404, answers);
        get(node, Cluster.searchPath(self.token(), chats + 1, "lantern"), 404, answers);

        for (int chat = 1; chat <= chats; chat++) {
            int count = self.messagesPerChat().get(chat - 1);
            String path = app + "/chats/" + chat;
            assertEquals(count, get(node, path, 200, answers).body().get("messages_count").asInt(),
                    node.name + " messages_count of chat " + chat);
            Cluster.Reply messages = get(node, path + "/messages?limit=200", 200, answers);
            List<String> bodies = new ArrayList<>();
            messages.body().get("items").forEach(m -> bodies.add(m.get("body").asText()));
            assertEquals(IntStream.rangeClosed(1, count).mapToObj(self::body).toList(), bodies,
                    node.name + " messages of chat " + chat);
            for (int m = 1; m <= count; m++) {
                assertEquals(self.body(m), get(node, path + "/messages/" + m, 200, answers).body().get("body").asText());
            }
            // Message numbers only the other tenant's chat of the same number has, if it has more.
            int otherCount = chat <= other.messagesPerChat().size() ? other.messagesPerChat().get(chat - 1) : 0;
            for (int m = count + 1; m <= otherCount; m++) {
                get(node, path + "/messages/" + m, 404, answers);
            }
            for (String q : List.of("lantern", "antern", "HARBOR lantern", self.marker())) {
                Cluster.Reply hits = get(node, Cluster.searchPath(self.token(), chat, q), 200, answers);
                assertEquals(count, hits.body().get("items").size(), node.name + " hits for '" + q + "' in chat " + chat);
            }
            for (String q : List.of(other.marker(), other.marker().substring(3, 9))) {
                Cluster.Reply hits = get(node, Cluster.searchPath(self.token(), chat, q), 200, answers);
                assertEquals(0, hits.body().get("items").size(), node.name + " hits for the other's '" + q + "'");
            }
        }
        for (String answer : answers) {
            assertFalse(answer.contains(other.token()), node.name + " answered with the other's token: " + answer);
            assertFalse(answer.contains(other.marker()), node.name + " answered with the other's words: " + answer);
        }
    }

    /** GETs a path on one node, asserts the status, and keeps the answer's text for the leak check. */
    private static Cluster.Reply get(Node node, String path, int status, List<String> answers) throws Exception {
        Cluster.Reply reply = Cluster.send(node, "GET", path, null, null);
        assertEquals(status, reply.status(), node.name + " GET " + path + ": " + reply.body());
        answers.add(String.valueOf(reply.body()));
        return reply;
    }
}
