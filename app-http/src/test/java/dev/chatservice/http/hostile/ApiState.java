package dev.chatservice.http.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a client can see, read through the API once the worker is idle: every application, its chats with
 * their counters, every message body, and a search in each chat. Two equal states mean nothing changed.
 */
record ApiState(List<JsonNode> views) {

    static ApiState read(Wire wire, HostileServer server) {
        server.awaitPersisted();
        List<JsonNode> views = new ArrayList<>();
        JsonNode applications = ok(wire, "/applications?limit=200",
                Map.of("Authorization", "Bearer " + HostileServer.ADMIN_KEY));
        assertTrue(applications.get("next_cursor").isNull(), "the fixture fits one page");
        views.add(applications);
        for (JsonNode application : applications.get("items")) {
            String base = "/applications/" + application.get("token").asText();
            views.add(ok(wire, base, Map.of()));
            JsonNode chats = ok(wire, base + "/chats?limit=200", Map.of());
            views.add(chats);
            for (JsonNode chat : chats.get("items")) {
                String chatPath = base + "/chats/" + chat.get("number").asInt();
                views.add(ok(wire, chatPath + "/messages?limit=200", Map.of()));
                views.add(ok(wire, chatPath + "/messages/search?q=hello&limit=200", Map.of()));
            }
        }
        return new ApiState(List.copyOf(views));
    }

    private static JsonNode ok(Wire wire, String target, Map<String, String> headers) {
        Wire.Response response = wire.get(target, headers);
        assertEquals(200, response.status(), target + ": " + response);
        return response.json();
    }
}
