package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The application endpoints over real HTTP. */
class ApplicationsApiTest extends ApiTestBase {

    @Test
    void create_validName_returns201WithTokenAndLocation() {
        Client.Response response = client.post("/applications", Client.json(Map.of("name", "My App")));
        assertEquals(201, response.status());
        JsonNode app = response.json();
        String token = app.get("token").asText();
        assertTrue(token.matches("[A-Za-z0-9_-]{32}"), token);
        assertEquals("/applications/" + token, response.header("location"));
        assertEquals("My App", app.get("name").asText());
        assertEquals(0, app.get("chats_count").asInt());
        assertTrue(app.get("created_at").asText().endsWith("Z"));
        Instant.parse(app.get("updated_at").asText());
        assertNoInternalIds(app);
    }

    @Test
    void create_twice_givesDistinctTokens() {
        assertNotEquals(newApplication(), newApplication());
    }

    @Test
    void create_blankName_returns422() {
        JsonNode problem = assertProblem(client.post("/applications", "{\"name\":\"   \"}"), 422, "invalid-field");
        assertEquals("name", problem.get("field").asText());
    }

    @Test
    void create_missingName_returns422() {
        assertProblem(client.post("/applications", "{}"), 422, "invalid-field");
    }

    @Test
    void create_nameNotString_returns422() {
        assertProblem(client.post("/applications", "{\"name\":42}"), 422, "invalid-field");
    }

    @Test
    void create_unknownField_returns422() {
        JsonNode problem = assertProblem(client.post("/applications", "{\"name\":\"a\",\"id\":5}"), 422,
                "invalid-field");
        assertEquals("id", problem.get("field").asText());
    }

    @Test
    void create_nameTooLong_returns422() {
        assertProblem(client.post("/applications", Client.json(Map.of("name", "n".repeat(256)))), 422,
                "invalid-field");
    }

    @Test
    void create_malformedJson_returns400() {
        assertProblem(client.post("/applications", "{\"name\": "), 400, "malformed-body");
    }

    @Test
    void create_duplicateKeys_returns400() {
        assertProblem(client.post("/applications", "{\"name\":\"a\",\"name\":\"b\"}"), 400, "malformed-body");
    }

    @Test
    void create_arrayBody_returns400() {
        assertProblem(client.post("/applications", "[\"name\"]"), 400, "malformed-body");
    }

    @Test
    void create_emptyBody_returns400() {
        assertProblem(client.post("/applications", ""), 400, "malformed-body");
    }

    @Test
    void create_textContentType_returns415() {
        assertProblem(client.sendJson("POST", "/applications", "{\"name\":\"a\"}",
                Map.of("Content-Type", "text/plain")), 415, "unsupported-media-type");
    }

    @Test
    void create_bodyOverLimit_returns413() {
        String huge = Client.json(Map.of("name", "x".repeat((int) HttpApi.MAX_BODY_BYTES)));
        assertProblem(client.post("/applications", huge), 413, "payload-too-large");
    }

    @Test
    void get_existing_returnsIt() {
        String token = newApplication();
        Client.Response response = client.get("/applications/" + token);
        assertEquals(200, response.status());
        assertEquals(token, response.json().get("token").asText());
        assertEquals("test app", response.json().get("name").asText());
    }

    @Test
    void get_unknownToken_returns404() {
        assertProblem(client.get("/applications/" + "A".repeat(32)), 404, "application-not-found");
    }

    @Test
    void get_malformedToken_returns404() {
        assertProblem(client.get("/applications/not-a-token"), 404, "application-not-found");
    }

    @Test
    void patch_newName_renamesIt() {
        String token = newApplication();
        Client.Response response = client.patch("/applications/" + token, "{\"name\":\"Renamed\"}");
        assertEquals(200, response.status());
        assertEquals("Renamed", response.json().get("name").asText());
        assertEquals("Renamed", client.get("/applications/" + token).json().get("name").asText());
    }

    @Test
    void put_newName_renamesIt() {
        String token = newApplication();
        assertEquals(200, client.put("/applications/" + token, "{\"name\":\"Put\"}").status());
        assertEquals("Put", client.get("/applications/" + token).json().get("name").asText());
    }

    @Test
    void patch_blankName_returns422AndKeepsName() {
        String token = newApplication();
        assertProblem(client.patch("/applications/" + token, "{\"name\":\"\"}"), 422, "invalid-field");
        assertEquals("test app", client.get("/applications/" + token).json().get("name").asText());
    }

    @Test
    void patch_unknownToken_returns404() {
        assertProblem(client.patch("/applications/" + "B".repeat(32), "{\"name\":\"x\"}"), 404,
                "application-not-found");
    }

    @Test
    void delete_existing_returns204AndRemovesEverything() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "bye");
        server.awaitPersisted();
        assertEquals(204, client.delete("/applications/" + token).status());
        assertProblem(client.get("/applications/" + token), 404, "application-not-found");
        assertProblem(client.get(chatPath(token, chat) + "/messages/1"), 404, "application-not-found");
        assertProblem(client.post("/applications/" + token + "/chats", null), 404, "application-not-found");
    }

    @Test
    void delete_unknownToken_returns404() {
        assertProblem(client.delete("/applications/" + "C".repeat(32)), 404, "application-not-found");
    }

    @Test
    void list_withoutAdminKey_returns401() {
        assertProblem(client.get("/applications"), 401, "unauthorized");
    }

    @Test
    void list_wrongAdminKey_returns401() {
        assertProblem(client.get("/applications", "Bearer wrong-key-wrong-key"), 401, "unauthorized");
    }

    @Test
    void list_adminKey_pagesThroughEveryApplication() {
        Set<String> created = Set.of(newApplication(), newApplication(), newApplication());
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            Client.Response response = client.get("/applications?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), "Bearer " + EmbeddedServer.ADMIN_KEY);
            assertEquals(200, response.status(), response.text());
            JsonNode page = response.json();
            assertTrue(page.get("items").size() <= 2);
            page.get("items").forEach(app -> assertTrue(seen.add(app.get("token").asText())));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertTrue(seen.containsAll(created));
    }

    @Test
    void unknownRoute_returns404Problem() {
        assertProblem(client.get("/nothing/here"), 404, "not-found");
    }

    @Test
    void wrongMethod_returns405Problem() {
        assertProblem(client.patch("/applications", "{}"), 405, "method-not-allowed");
    }

    @Test
    void create_badRequests_changeNothing() throws Exception {
        String token = newApplication();
        client.patch("/applications/" + token, "{\"name\":1}");
        client.patch("/applications/" + token, "{bad json");
        client.sendJson("PATCH", "/applications/" + token, "{\"name\":\"x\"}", Map.of("Content-Type", "text/xml"));
        JsonNode app = client.get("/applications/" + token).json();
        assertEquals("test app", app.get("name").asText());
        assertEquals(app.get("created_at"), app.get("updated_at"));
        assertFalse(app.has("id"));
    }

    @Test
    void livez_always_returns200() {
        assertEquals(200, client.get("/livez").status());
    }

    @Test
    void readyz_embeddedMode_returns200() {
        Client.Response response = client.get("/readyz");
        assertEquals(200, response.status());
        assertEquals("ready", response.json().get("status").asText());
    }

    @Test
    void head_existingApplication_answersLikeGetWithoutBody() {
        String token = newApplication();
        Client.Response get = client.get("/applications/" + token);
        Client.Response head = client.head("/applications/" + token);
        assertEquals(200, head.status());
        assertEquals("", head.text());
        assertEquals(get.header("content-type"), head.header("content-type"));
    }

    @Test
    void head_unknownApplication_returns404() {
        assertEquals(404, client.head("/applications/" + "D".repeat(32)).status());
    }
}
