package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A message's optional sender over real HTTP: accepted on create, shown everywhere a message appears. */
class SenderApiTest extends ApiTestBase {

    @Test
    void create_withSender_showsItInEveryView() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        String messages = chatPath(token, chat) + "/messages";
        Client.Response created = client.post(messages, "{\"body\":\"wonderful\",\"sender\":\"user-42\"}");
        assertEquals(202, created.status());
        assertEquals("user-42", created.json().get("sender").asText());
        server.awaitPersisted();
        assertEquals("user-42", client.get(messages + "/1").json().get("sender").asText());
        assertEquals("user-42", client.get(messages).json().get("items").get(0).get("sender").asText());
        assertEquals("user-42", client.get(messages + "/search?q=onder").json().get("items").get(0)
                .get("sender").asText());
        assertEquals("user-42", client.get(chatPath(token, chat) + "/changes").json().get("items").get(0)
                .get("message").get("sender").asText());
    }

    @Test
    void create_withoutSender_showsNull() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "anonymous");
        server.awaitPersisted();
        JsonNode message = client.get(chatPath(token, chat) + "/messages/1").json();
        assertTrue(message.has("sender"));
        assertTrue(message.get("sender").isNull());
    }

    @Test
    void update_keepsTheSenderAndRefusesToChangeIt() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        String messages = chatPath(token, chat) + "/messages";
        client.post(messages, "{\"body\":\"first\",\"sender\":\"alice\"}");
        assertProblem(client.patch(messages + "/1", "{\"body\":\"x\",\"sender\":\"bob\"}"), 422, "invalid-field");
        client.patch(messages + "/1", "{\"body\":\"edited\"}");
        server.awaitPersisted();
        JsonNode message = client.get(messages + "/1").json();
        assertEquals("alice", message.get("sender").asText());
        assertEquals("edited", message.get("body").asText());
    }

    @Test
    void create_invalidSender_returns422NamingSender() {
        String token = newApplication();
        String messages = chatPath(token, newChat(token)) + "/messages";
        for (String sender : List.of("\"\"", "\" \"", "\"a\\u0000b\"", "\"tab\\there\"", "\"line\\nbreak\"", "42",
                "{}", Client.json("s".repeat(256)))) {
            JsonNode problem = assertProblem(client.post(messages, "{\"body\":\"b\",\"sender\":" + sender + "}"),
                    422, "invalid-field");
            assertEquals("sender", problem.get("field").asText(), sender);
        }
    }

    @Test
    void create_idempotencyKeyReusedWithAnotherSender_returns422() {
        String token = newApplication();
        String messages = chatPath(token, newChat(token)) + "/messages";
        Map<String, String> key = Map.of("Content-Type", "application/json", "Idempotency-Key", "k-1");
        assertEquals(202, client.post(messages, "{\"body\":\"b\",\"sender\":\"alice\"}", key).status());
        assertEquals("true", client.post(messages, "{\"body\":\"b\",\"sender\":\"alice\"}", key)
                .header("idempotent-replayed"));
        assertProblem(client.post(messages, "{\"body\":\"b\",\"sender\":\"bob\"}", key), 422,
                "idempotency-key-reused");
        assertProblem(client.post(messages, "{\"body\":\"b\"}", key), 422, "idempotency-key-reused");
    }

    @Test
    void create_longestSender_isAccepted() {
        String token = newApplication();
        String sender = "😀".repeat(255);
        Client.Response created = client.post(chatPath(token, newChat(token)) + "/messages",
                Client.json(Map.of("body", "b", "sender", sender)));
        assertEquals(202, created.status());
        assertEquals(sender, created.json().get("sender").asText());
    }
}
