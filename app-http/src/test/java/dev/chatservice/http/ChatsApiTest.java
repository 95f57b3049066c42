package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The chat endpoints over real HTTP. */
class ChatsApiTest extends ApiTestBase {

    @Test
    void create_newApplication_returns202NumberedFromOne() {
        String token = newApplication();
        Client.Response response = client.post("/applications/" + token + "/chats", null);
        assertEquals(202, response.status());
        assertEquals(1, response.json().get("number").asInt());
        assertEquals(0, response.json().get("messages_count").asInt());
        assertEquals("/applications/" + token + "/chats/1", response.header("location"));
        assertNoInternalIds(response.json());
        assertEquals(2, newChat(token));
    }

    @Test
    void create_unknownApplication_returns404() {
        assertProblem(client.post("/applications/" + "D".repeat(32) + "/chats", null), 404,
                "application-not-found");
    }

    @Test
    void create_repeatedIdempotencyKey_returnsSameNumberOnce() throws Exception {
        String token = newApplication();
        Map<String, String> key = Map.of("Idempotency-Key", "create-chat-1");
        Client.Response first = client.post("/applications/" + token + "/chats", null, key);
        Client.Response again = client.post("/applications/" + token + "/chats", null, key);
        assertEquals(first.json().get("number"), again.json().get("number"));
        assertEquals("true", again.header("idempotent-replayed"));
        server.awaitPersisted();
        assertEquals(1, client.get("/applications/" + token).json().get("chats_count").asInt());
        assertEquals(2, newChat(token));
    }

    @Test
    void create_invalidIdempotencyKey_returns400() {
        String token = newApplication();
        assertProblem(client.post("/applications/" + token + "/chats", null, Map.of("Idempotency-Key", "a b")),
                400, "invalid-parameter");
    }

    @Test
    void get_afterPersisted_returnsChatWithCount() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "one");
        newMessage(token, chat, "two");
        server.awaitPersisted();
        Client.Response response = client.get(chatPath(token, chat));
        assertEquals(200, response.status());
        assertEquals(chat, response.json().get("number").asInt());
        assertEquals(2, response.json().get("messages_count").asInt());
        assertEquals(1, client.get("/applications/" + token).json().get("chats_count").asInt());
    }

    @Test
    void get_unknownChat_returns404() {
        assertProblem(client.get(chatPath(newApplication(), 5)), 404, "chat-not-found");
    }

    @Test
    void get_numberZero_returns400() {
        assertProblem(client.get("/applications/" + newApplication() + "/chats/0"), 400, "invalid-parameter");
    }

    @Test
    void get_numberNegative_returns400() {
        assertProblem(client.get("/applications/" + newApplication() + "/chats/-1"), 400, "invalid-parameter");
    }

    @Test
    void get_numberOverIntRange_returns400() {
        assertProblem(client.get("/applications/" + newApplication() + "/chats/2147483648"), 400,
                "invalid-parameter");
    }

    @Test
    void get_numberNotNumeric_returns400() {
        assertProblem(client.get("/applications/" + newApplication() + "/chats/abc"), 400, "invalid-parameter");
    }

    @Test
    void list_severalPages_returnsAllInAscendingOrder() throws Exception {
        String token = newApplication();
        for (int i = 0; i < 5; i++) {
            newChat(token);
        }
        server.awaitPersisted();
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get("/applications/" + token + "/chats?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(chat -> seen.add(chat.get("number").asInt()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(List.of(1, 2, 3, 4, 5), seen);
    }

    @Test
    void list_unknownApplication_returns404() {
        assertProblem(client.get("/applications/" + "E".repeat(32) + "/chats"), 404, "application-not-found");
    }

    @Test
    void list_limitZero_returns400() {
        assertProblem(client.get("/applications/" + newApplication() + "/chats?limit=0"), 400,
                "invalid-parameter");
    }

    @Test
    void list_limitOverMax_returns400() {
        assertProblem(client.get("/applications/" + newApplication() + "/chats?limit=201"), 400,
                "invalid-parameter");
    }

    @Test
    void list_badCursor_returns400() {
        assertProblem(client.get("/applications/" + newApplication() + "/chats?cursor=zzz"), 400,
                "invalid-parameter");
    }

    @Test
    void delete_existing_returns202AndRemovesChat() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "gone soon");
        assertEquals(202, client.delete(chatPath(token, chat)).status());
        server.awaitPersisted();
        assertProblem(client.get(chatPath(token, chat)), 404, "chat-not-found");
        assertProblem(client.post(chatPath(token, chat) + "/messages", "{\"body\":\"late\"}"), 404,
                "chat-not-found");
        assertEquals(0, client.get("/applications/" + token).json().get("chats_count").asInt());
    }

    @Test
    void delete_thenCreate_neverReusesNumber() {
        String token = newApplication();
        int chat = newChat(token);
        client.delete(chatPath(token, chat));
        assertEquals(chat + 1, newChat(token));
    }

    @Test
    void delete_unknownChat_returns404() {
        assertProblem(client.delete(chatPath(newApplication(), 3)), 404, "chat-not-found");
    }

    @Test
    void create_200concurrently_numbersExactly1to200() throws Exception {
        String token = newApplication();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> newChat(token)));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<Integer> future : futures) {
                numbers.add(future.get());
            }
            Collections.sort(numbers);
            assertEquals(IntStream.rangeClosed(1, 200).boxed().toList(), numbers);
        } finally {
            pool.shutdownNow();
        }
        server.awaitPersisted();
        assertEquals(200, client.get("/applications/" + token).json().get("chats_count").asInt());
        JsonNode page = client.get("/applications/" + token + "/chats?limit=200").json();
        assertEquals(200, page.get("items").size());
        assertTrue(page.get("next_cursor").isNull());
    }

    @Test
    void create_bodyOverLimitThoughIgnored_returns413AndCreatesNothing() {
        String token = newApplication();
        assertProblem(client.post("/applications/" + token + "/chats", "x".repeat(100_000)), 413,
                "payload-too-large");
        assertEquals(1, newChat(token));
    }

    @Test
    void create_bodyOverLimitManyTimes_everyClientReads413() {
        String token = newApplication();
        for (int i = 0; i < 200; i++) {
            assertEquals(413, client.post("/applications/" + token + "/chats", "x".repeat(300_000)).status(),
                    "attempt " + i);
        }
        assertEquals(1, newChat(token));
    }
}
