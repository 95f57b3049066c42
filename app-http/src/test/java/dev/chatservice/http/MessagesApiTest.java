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

/** The message endpoints over real HTTP. */
class MessagesApiTest extends ApiTestBase {

    @Test
    void create_rightAfterChatCreate_returns202WithNumberAndBody() {
        String token = newApplication();
        int chat = newChat(token);
        Client.Response response = client.post(chatPath(token, chat) + "/messages", "{\"body\":\"hello\"}");
        assertEquals(202, response.status());
        JsonNode message = response.json();
        assertEquals(1, message.get("number").asInt());
        assertEquals(chat, message.get("chat_number").asInt());
        assertEquals("hello", message.get("body").asText());
        assertEquals(chatPath(token, chat) + "/messages/1", response.header("location"));
        assertNoInternalIds(message);
    }

    @Test
    void create_unknownChat_returns404() {
        assertProblem(client.post(chatPath(newApplication(), 9) + "/messages", "{\"body\":\"x\"}"), 404,
                "chat-not-found");
    }

    @Test
    void create_blankBody_returns422() {
        String token = newApplication();
        assertProblem(client.post(chatPath(token, newChat(token)) + "/messages", "{\"body\":\" \"}"), 422,
                "invalid-field");
    }

    @Test
    void create_bodyOverLimit_returns422() {
        String token = newApplication();
        assertProblem(client.post(chatPath(token, newChat(token)) + "/messages",
                Client.json(Map.of("body", "b".repeat(4097)))), 422, "invalid-field");
    }

    @Test
    void create_nulInBody_returns422() {
        String token = newApplication();
        assertProblem(client.post(chatPath(token, newChat(token)) + "/messages", "{\"body\":\"a\\u0000b\"}"), 422,
                "invalid-field");
    }

    @Test
    void create_invalidUtf8_returns400() {
        String token = newApplication();
        byte[] body = {'{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertProblem(client.raw("POST", chatPath(token, newChat(token)) + "/messages", body,
                Map.of("Content-Type", "application/json")), 400, "malformed-body");
    }

    @Test
    void create_emojiAndRtl_roundTrips() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        String text = "שלום 👋 مرحبا";
        int number = newMessage(token, chat, text);
        server.awaitPersisted();
        Client.Response response = client.get(chatPath(token, chat) + "/messages/" + number);
        assertEquals(text, response.json().get("body").asText());
        assertTrue(response.text().contains("👋"), "emoji sent as raw UTF-8: " + response.text());
    }

    @Test
    void create_sameKeySameBody_returnsSameNumber() {
        String token = newApplication();
        int chat = newChat(token);
        Map<String, String> key = Map.of("Idempotency-Key", "k-1");
        Client.Response first = client.post(chatPath(token, chat) + "/messages", "{\"body\":\"once\"}", key);
        Client.Response again = client.post(chatPath(token, chat) + "/messages", "{\"body\":\"once\"}", key);
        assertEquals(first.json().get("number"), again.json().get("number"));
        assertEquals(first.json().get("created_at"), again.json().get("created_at"));
        assertEquals(2, newMessage(token, chat, "next"));
    }

    @Test
    void create_sameKeyOtherBody_returns422AndCreatesNothing() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        Map<String, String> key = Map.of("Idempotency-Key", "k-2");
        client.post(chatPath(token, chat) + "/messages", "{\"body\":\"first\"}", key);
        assertProblem(client.post(chatPath(token, chat) + "/messages", "{\"body\":\"second\"}", key), 422,
                "idempotency-key-reused");
        server.awaitPersisted();
        assertEquals(1, client.get(chatPath(token, chat)).json().get("messages_count").asInt());
    }

    @Test
    void get_persisted_returnsMessage() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        int number = newMessage(token, chat, "read me");
        server.awaitPersisted();
        JsonNode message = client.get(chatPath(token, chat) + "/messages/" + number).json();
        assertEquals("read me", message.get("body").asText());
        assertEquals(number, message.get("number").asInt());
        assertEquals(chat, message.get("chat_number").asInt());
    }

    @Test
    void get_unknownMessage_returns404() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        server.awaitPersisted();
        assertProblem(client.get(chatPath(token, chat) + "/messages/1"), 404, "message-not-found");
    }

    @Test
    void get_messageNumberZero_returns400() {
        String token = newApplication();
        assertProblem(client.get(chatPath(token, newChat(token)) + "/messages/0"), 400, "invalid-parameter");
    }

    @Test
    void list_chatNotYetPersisted_returnsEmptyPage() {
        String token = newApplication();
        Client.Response response = client.get(chatPath(token, newChat(token)) + "/messages");
        assertEquals(200, response.status());
    }

    @Test
    void list_unknownChat_returns404() {
        assertProblem(client.get(chatPath(newApplication(), 4) + "/messages"), 404, "chat-not-found");
    }

    @Test
    void list_severalPages_returnsAllInAscendingOrder() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        for (int i = 1; i <= 7; i++) {
            newMessage(token, chat, "m" + i);
        }
        server.awaitPersisted();
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get(chatPath(token, chat) + "/messages?limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(m -> seen.add(m.get("number").asInt()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), seen);
    }

    @Test
    void patch_existing_returns202AndChangesBody() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        int number = newMessage(token, chat, "before");
        Client.Response response = client.patch(chatPath(token, chat) + "/messages/" + number, "{\"body\":\"after\"}");
        assertEquals(202, response.status());
        assertEquals("after", response.json().get("body").asText());
        server.awaitPersisted();
        assertEquals("after", client.get(chatPath(token, chat) + "/messages/" + number).json().get("body").asText());
    }

    @Test
    void put_existing_changesBody() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        int number = newMessage(token, chat, "before");
        assertEquals(202, client.put(chatPath(token, chat) + "/messages/" + number, "{\"body\":\"put\"}").status());
        server.awaitPersisted();
        assertEquals("put", client.get(chatPath(token, chat) + "/messages/" + number).json().get("body").asText());
    }

    @Test
    void patch_neverGrantedNumber_returns404() {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "one");
        assertProblem(client.patch(chatPath(token, chat) + "/messages/2", "{\"body\":\"x\"}"), 404,
                "message-not-found");
    }

    @Test
    void patch_blankBody_returns422AndKeepsBody() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        int number = newMessage(token, chat, "keep");
        assertProblem(client.patch(chatPath(token, chat) + "/messages/" + number, "{\"body\":\"\"}"), 422,
                "invalid-field");
        server.awaitPersisted();
        assertEquals("keep", client.get(chatPath(token, chat) + "/messages/" + number).json().get("body").asText());
    }

    @Test
    void delete_existing_returns202AndRemovesIt() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        int number = newMessage(token, chat, "bye");
        assertEquals(202, client.delete(chatPath(token, chat) + "/messages/" + number).status());
        server.awaitPersisted();
        assertProblem(client.get(chatPath(token, chat) + "/messages/" + number), 404, "message-not-found");
        assertEquals(0, client.get(chatPath(token, chat)).json().get("messages_count").asInt());
        assertEquals(number + 1, newMessage(token, chat, "new"));
    }

    @Test
    void createUpdateDelete_backToBack_endsDeleted() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        int number = newMessage(token, chat, "a");
        client.patch(chatPath(token, chat) + "/messages/" + number, "{\"body\":\"b\"}");
        client.delete(chatPath(token, chat) + "/messages/" + number);
        server.awaitPersisted();
        assertProblem(client.get(chatPath(token, chat) + "/messages/" + number), 404, "message-not-found");
    }

    @Test
    void create_16threadsBy250_numbersExactly1to4000() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < 250; i++) {
                        mine.add(newMessage(token, chat, "t" + thread + " m" + i));
                    }
                    return mine;
                }));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<List<Integer>> future : futures) {
                numbers.addAll(future.get());
            }
            Collections.sort(numbers);
            assertEquals(IntStream.rangeClosed(1, 4000).boxed().toList(), numbers);
        } finally {
            pool.shutdownNow();
        }
        server.awaitPersisted();
        assertEquals(4000, client.get(chatPath(token, chat)).json().get("messages_count").asInt());
    }

    @Test
    void get_messageOfUnknownChat_returnsChatNotFound() {
        assertProblem(client.get(chatPath(newApplication(), 999) + "/messages/1"), 404, "chat-not-found");
    }

    @Test
    void patch_messageOfUnknownChat_returnsChatNotFound() {
        assertProblem(client.patch(chatPath(newApplication(), 999) + "/messages/1", "{\"body\":\"x\"}"), 404,
                "chat-not-found");
    }

    @Test
    void delete_messageOfUnknownChat_returnsChatNotFound() {
        assertProblem(client.delete(chatPath(newApplication(), 999) + "/messages/1"), 404, "chat-not-found");
    }
}
