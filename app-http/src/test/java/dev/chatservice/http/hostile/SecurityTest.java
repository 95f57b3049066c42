package dev.chatservice.http.hostile;

import static dev.chatservice.http.hostile.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.MessageBody;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secrets, isolation between applications and chats, and the caps on what a request and a response may hold. */
class SecurityTest {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private static HostileServer server;
    private static Wire wire;

    @BeforeAll
    static void start() {
        server = new HostileServer();
        wire = new Wire(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void generate_100000Tokens_uniqueUrlSafeAndUniformOver192Bits() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        int[][] counts = new int[ApplicationToken.LENGTH][ALPHABET.length()];
        for (int i = 0; i < 100_000; i++) {
            String token = ApplicationToken.generate(random).value();
            assertTrue(TOKEN.matcher(token).matches(), token);
            assertTrue(seen.add(token), "repeated token " + token);
            for (int at = 0; at < token.length(); at++) {
                counts[at][ALPHABET.indexOf(token.charAt(at))]++;
            }
        }
        // 32 characters of 64 symbols carry 192 bits only if every position takes every symbol evenly: expected
        // 1,562.5 times each, with a standard deviation near 39, so these bounds are about nine deviations wide.
        for (int at = 0; at < counts.length; at++) {
            for (int symbol = 0; symbol < ALPHABET.length(); symbol++) {
                int count = counts[at][symbol];
                assertTrue(count > 1200 && count < 1925,
                        "position " + at + " symbol " + ALPHABET.charAt(symbol) + " seen " + count + " times");
            }
        }
        assertTrue(ApplicationToken.LENGTH * 6 >= 128);
    }

    @Test
    void createApplication_manyOverHttp_tokensAreUniqueAndUrlSafe() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = createApplication("app " + i);
            assertTrue(TOKEN.matcher(token).matches(), token);
            assertTrue(tokens.add(token), token);
        }
    }

    @Test
    void everyEndpoint_sameWordsInTwoApplicationsAndChats_neverCrossesOver() {
        // Two applications with two chats each, every message holding the same words and a marker of its own.
        String a = createApplication("isolation A");
        String b = createApplication("isolation B");
        List<String> markers = new ArrayList<>();
        for (String token : List.of(a, b)) {
            for (int chat = 1; chat <= 2; chat++) {
                assertEquals(chat, createChat(token));
                String marker = "marker" + (token.equals(a) ? "a" : "b") + chat;
                markers.add(marker);
                postMessage(token, chat, "shared secret words " + marker);
            }
        }
        server.awaitPersisted();
        List<Wire.Response> seenByB = new ArrayList<>();
        for (String token : List.of(a, b)) {
            for (int chat = 1; chat <= 2; chat++) {
                String own = "marker" + (token.equals(a) ? "a" : "b") + chat;
                String base = "/applications/" + token + "/chats/" + chat;
                List<Wire.Response> reads = List.of(wire.get(base + "/messages"), wire.get(base + "/messages/1"),
                        wire.get(base + "/messages/search?q=shared%20secret"),
                        wire.get(base + "/messages/search?q=ret"), wire.get(base),
                        wire.get("/applications/" + token), wire.get("/applications/" + token + "/chats"));
                for (Wire.Response read : reads) {
                    assertEquals(200, read.status(), read.toString());
                    for (String marker : markers) {
                        assertTrue(marker.equals(own) || !read.text().contains(marker),
                                base + " shows " + marker + ": " + read);
                    }
                }
                assertEquals(1, wire.get(base + "/messages/search?q=shared").json().get("items").size());
                if (token.equals(b)) {
                    seenByB.addAll(reads);
                }
            }
        }
        // B changes its own chat 1 message 1 and deletes its chat 2: A's, under the same numbers, stay as they were.
        assertEquals(202, wire.json("PATCH", "/applications/" + b + "/chats/1/messages/1",
                "{\"body\":\"changed by B\"}").status());
        assertEquals(202, wire.send("DELETE", "/applications/" + b + "/chats/2/messages/1", Map.of(), null).status());
        assertEquals(202, wire.send("DELETE", "/applications/" + b + "/chats/2", Map.of(), null).status());
        server.awaitPersisted();
        assertEquals("changed by B",
                wire.get("/applications/" + b + "/chats/1/messages/1").json().get("body").asText());
        assertEquals("shared secret words markera1",
                wire.get("/applications/" + a + "/chats/1/messages/1").json().get("body").asText());
        assertEquals("shared secret words markera2",
                wire.get("/applications/" + a + "/chats/2/messages/1").json().get("body").asText());
        assertEquals(1, wire.get("/applications/" + a + "/chats/2/messages/search?q=shared").json().get("items")
                .size());
        // What only A has, B cannot reach by number.
        assertEquals(3, createChat(a));
        postMessage(a, 3, "shared secret words only in A");
        server.awaitPersisted();
        String bChat3 = "/applications/" + b + "/chats/3";
        List<Wire.Response> refused = List.of(wire.get(bChat3), wire.get(bChat3 + "/messages"),
                wire.get(bChat3 + "/messages/1"), wire.get(bChat3 + "/messages/search?q=shared"),
                wire.json("POST", bChat3 + "/messages", "{\"body\":\"x\"}"),
                wire.json("PATCH", bChat3 + "/messages/1", "{\"body\":\"x\"}"),
                wire.send("DELETE", bChat3 + "/messages/1", Map.of(), null),
                wire.send("DELETE", bChat3, Map.of(), null));
        for (Wire.Response response : refused) {
            assertProblem(response, 404, "chat-not-found");
            seenByB.add(response);
        }
        server.awaitPersisted();
        assertEquals("shared secret words only in A",
                wire.get("/applications/" + a + "/chats/3/messages/1").json().get("body").asText());
        // Nothing B was shown, headers included, holds A's token.
        for (Wire.Response response : seenByB) {
            assertFalse(response.text().contains(a) || response.headers().toString().contains(a), response.toString());
        }
        // Deleting B leaves A whole.
        assertEquals(204, wire.send("DELETE", "/applications/" + b, Map.of(), null).status());
        server.awaitPersisted();
        assertEquals(3, wire.get("/applications/" + a).json().get("chats_count").asInt());
        assertProblem(wire.get("/applications/" + b), 404, "application-not-found");
    }

    @Test
    void listApplications_withoutTheAdminKey_refusedAndShowsNoToken() {
        String token = createApplication("listed");
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer " + token),
                Map.of("Authorization", "Bearer wrong-key-0123456789"))) {
            Wire.Response response = wire.get("/applications", headers);
            assertProblem(response, 401, "unauthorized");
            assertEquals("Bearer realm=\"chat-admin\"", response.header("www-authenticate"));
            assertFalse(response.text().contains(token));
        }
        Wire.Response admin = wire.get("/applications?limit=200",
                Map.of("Authorization", "Bearer " + HostileServer.ADMIN_KEY));
        assertEquals(200, admin.status());
        assertTrue(admin.text().contains(token));
    }

    @Test
    void listApplications_noAdminKeyConfigured_forbiddenWhateverIsPresented() {
        try (HostileServer closed = new HostileServer(Optional.empty())) {
            Wire other = new Wire(closed.port());
            for (Map<String, String> headers : List.of(Map.<String, String>of(),
                    Map.of("Authorization", "Bearer " + HostileServer.ADMIN_KEY), Map.of("Authorization", "Bearer "))) {
                assertProblem(other.get("/applications", headers), 403, "forbidden");
            }
        }
    }

    @Test
    void everyList_limitOver200_refused() {
        String token = createApplication("limits");
        createChat(token);
        String base = "/applications/" + token;
        Map<String, String> admin = Map.of("Authorization", "Bearer " + HostileServer.ADMIN_KEY);
        for (String list : List.of(base + "/chats?", base + "/chats/1/messages?",
                base + "/chats/1/messages/search?q=a&", "/applications?")) {
            assertProblem(wire.get(list + "limit=201", admin), 400, "invalid-parameter");
            assertEquals(200, wire.get(list + "limit=200", admin).status(), list);
        }
    }

    @Test
    void listMessages_200BodiesOfTheLongestKind_pageStaysBounded() {
        String token = createApplication("big page");
        int chat = createChat(token);
        // 4,096 emoji: the longest body in characters and, at 4 bytes each, in bytes.
        String longest = "😀".repeat(MessageBody.MAX_LENGTH);
        for (int i = 0; i < 201; i++) {
            postMessage(token, chat, longest);
        }
        server.awaitPersisted();
        String messages = "/applications/" + token + "/chats/" + chat + "/messages";
        Wire.Response page = wire.get(messages + "?limit=200");
        assertEquals(200, page.status());
        assertEquals(200, page.json().get("items").size());
        assertFalse(page.json().get("next_cursor").isNull());
        // Per item: the body's UTF-8 bytes plus numbers, two timestamps and field names.
        long bound = 200L * (4L * MessageBody.MAX_LENGTH + 256) + 256;
        long size = page.text().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size <= bound, size + " bytes > " + bound);
        assertEquals(50, wire.get(messages).json().get("items").size(), "the default page");
    }

    @Test
    void search_200HitsOfTheWorstHighlight_pageStaysBounded() {
        String token = createApplication("big search");
        int chat = createChat(token);
        // Every other character matches and every other one is escaped: the longest highlight a body can give.
        String worst = "a\"".repeat(MessageBody.MAX_LENGTH / 2);
        for (int i = 0; i < 200; i++) {
            postMessage(token, chat, worst);
        }
        server.awaitPersisted();
        Wire.Response page = wire.get("/applications/" + token + "/chats/" + chat + "/messages/search?q=a&limit=200");
        assertEquals(200, page.status());
        assertEquals(200, page.json().get("items").size());
        // Per hit: the body in JSON (a quote escapes to 2 bytes) and its highlight, where a character grows at most
        // to "<em>a</em>" (10 bytes), plus numbers and field names.
        long perHit = 2L * MessageBody.MAX_LENGTH + 10L * MessageBody.MAX_LENGTH + 256;
        long size = page.text().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(size <= 200 * perHit + 256, size + " bytes > " + 200 * perHit);
    }

    @Test
    void bodyEndpoints_over64KiB_refusedWith413AndChangeNothing() {
        String token = createApplication("size");
        createChat(token);
        postMessage(token, 1, "before");
        server.awaitPersisted();
        String base = "/applications/" + token;
        String huge = "x".repeat(64 * 1024);
        List<Wire.Response> responses = List.of(
                wire.json("POST", "/applications", "{\"name\":\"" + huge + "\"}"),
                wire.json("PATCH", base, "{\"name\":\"" + huge + "\"}"),
                wire.json("PUT", base, "{\"name\":\"" + huge + "\"}"),
                wire.json("POST", base + "/chats/1/messages", "{\"body\":\"" + huge + "\"}"),
                wire.json("PATCH", base + "/chats/1/messages/1", "{\"body\":\"" + huge + "\"}"),
                wire.json("PUT", base + "/chats/1/messages/1", "{\"body\":\"" + huge + "\"}"),
                wire.send("POST", base + "/chats/1/messages", Map.of("Content-Type", "application/json",
                        "Transfer-Encoding", "chunked"), HostileCases.chunk(Wire.utf8("{\"body\":\"" + huge + "\"}"))));
        for (Wire.Response response : responses) {
            JsonNode problem = assertProblem(response, 413, "payload-too-large");
            assertTrue(problem.get("detail").asText().contains("65536"), problem.toString());
        }
        server.awaitPersisted();
        assertEquals("size", wire.get(base).json().get("name").asText());
        assertEquals(1, wire.get(base + "/chats/1").json().get("messages_count").asInt());
        assertEquals("before", wire.get(base + "/chats/1/messages/1").json().get("body").asText());
    }

    private static String createApplication(String name) {
        Wire.Response response = wire.json("POST", "/applications", "{\"name\":" + Wire.quote(name) + "}");
        assertEquals(201, response.status(), response.toString());
        return response.json().get("token").asText();
    }

    private static int createChat(String token) {
        Wire.Response response = wire.send("POST", "/applications/" + token + "/chats", Map.of(), null);
        assertEquals(202, response.status(), response.toString());
        return response.json().get("number").asInt();
    }

    private static void postMessage(String token, int chat, String body) {
        Wire.Response response = wire.send("POST", "/applications/" + token + "/chats/" + chat + "/messages", JSON,
                Wire.utf8("{\"body\":" + Wire.quote(body) + "}"));
        assertEquals(202, response.status(), response.toString());
    }
}
