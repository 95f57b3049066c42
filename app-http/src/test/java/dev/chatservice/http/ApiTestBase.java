package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Starts one embedded server per test class and offers the steps the API tests share. */
abstract class ApiTestBase {
    static EmbeddedServer server;
    static Client client;

    @BeforeAll
    static void startServer() {
        server = new EmbeddedServer();
        client = new Client(server.baseUrl());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static String newApplication() {
        Client.Response response = client.post("/applications", Client.json(Map.of("name", "test app")));
        assertEquals(201, response.status(), response.text());
        return response.json().get("token").asText();
    }

    static int newChat(String token) {
        Client.Response response = client.post("/applications/" + token + "/chats", null);
        assertEquals(202, response.status(), response.text());
        return response.json().get("number").asInt();
    }

    static int newMessage(String token, int chat, String body) {
        Client.Response response = client.post(chatPath(token, chat) + "/messages",
                Client.json(Map.of("body", body)));
        assertEquals(202, response.status(), response.text());
        return response.json().get("number").asInt();
    }

    static String chatPath(String token, int chat) {
        return "/applications/" + token + "/chats/" + chat;
    }

    /** Asserts an RFC 9457 problem with the given status and type suffix, and no internals leaked. */
    static JsonNode assertProblem(Client.Response response, int status, String type) {
        assertEquals(status, response.status(), response.text());
        assertEquals("application/problem+json", response.header("content-type"), response.text());
        JsonNode problem = response.json();
        assertEquals(Problems.TYPE_PREFIX + type, problem.get("type").asText(), response.text());
        assertEquals(status, problem.get("status").asInt());
        assertFalse(problem.get("title").asText().isBlank());
        assertFalse(problem.get("detail").asText().isBlank());
        assertFalse(response.text().contains("Exception"), response.text());
        assertFalse(response.text().contains("\tat "), response.text());
        return problem;
    }

    /** Asserts no field named id or ending in _id appears anywhere in a JSON tree. */
    static void assertNoInternalIds(JsonNode node) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name ->
                    assertTrue(!name.equals("id") && !name.endsWith("_id"), "internal id field: " + name));
            node.elements().forEachRemaining(ApiTestBase::assertNoInternalIds);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(ApiTestBase::assertNoInternalIds);
        }
    }
}
