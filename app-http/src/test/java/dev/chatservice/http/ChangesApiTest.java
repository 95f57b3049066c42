package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The change feed over real HTTP. */
class ChangesApiTest extends ApiTestBase {

    @Test
    void changes_createdUpdatedDeleted_areCompactedInSeqOrder() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "one");
        newMessage(token, chat, "two");
        client.patch(chatPath(token, chat) + "/messages/1", "{\"body\":\"uno\"}");
        client.delete(chatPath(token, chat) + "/messages/2");
        server.awaitPersisted();
        JsonNode page = client.get(chatPath(token, chat) + "/changes").json();
        JsonNode items = page.get("items");
        assertEquals(2, items.size(), page.toString());
        assertEquals(3, items.get(0).get("seq").asLong());
        assertEquals("message.updated", items.get(0).get("type").asText());
        assertEquals("uno", items.get(0).get("message").get("body").asText());
        assertEquals(4, items.get(1).get("seq").asLong());
        assertEquals("message.deleted", items.get(1).get("type").asText());
        assertFalse(items.get(1).get("message").has("body"));
        assertEquals(2, items.get(1).get("message").get("number").asInt());
        assertTrue(items.get(1).get("message").has("deleted_at"));
        assertEquals(4, page.get("next_since").asLong());
        assertNoInternalIds(page);
    }

    @Test
    void changes_pagedWithNextSince_endsEmptyAtTheLatestSeq() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        for (int i = 1; i <= 3; i++) {
            newMessage(token, chat, "m" + i);
        }
        server.awaitPersisted();
        JsonNode first = client.get(chatPath(token, chat) + "/changes?limit=2").json();
        assertEquals(2, first.get("next_since").asLong());
        JsonNode second = client.get(chatPath(token, chat) + "/changes?limit=2&since=2").json();
        assertEquals(1, second.get("items").size());
        JsonNode last = client.get(chatPath(token, chat) + "/changes?since=3").json();
        assertEquals(0, last.get("items").size());
        assertEquals(3, last.get("next_since").asLong());
    }

    @Test
    void changes_deletedChat_answersChatDeletedOnce() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "bye");
        client.delete(chatPath(token, chat));
        server.awaitPersisted();
        JsonNode item = client.get(chatPath(token, chat) + "/changes?since=1").json().get("items").get(0);
        assertEquals("chat.deleted", item.get("type").asText());
        assertEquals(2, item.get("seq").asLong());
        assertEquals(chat, item.get("chat_number").asInt());
        assertTrue(item.has("deleted_at"));
        assertProblem(client.get(chatPath(token, chat) + "/changes?since=2"), 404, "chat-not-found");
    }

    @Test
    void changes_sinceOutOfRange_returns400() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "a");
        server.awaitPersisted();
        for (String since : new String[] {"-1", "2", "x", "1.5", "", "9999999999999999999"}) {
            JsonNode problem = assertProblem(client.get(chatPath(token, chat) + "/changes?since=" + since), 400,
                    "invalid-parameter");
            assertEquals("since", problem.get("field").asText(), since);
        }
    }

    @Test
    void changes_unknownChat_returns404() {
        assertProblem(client.get(chatPath(newApplication(), 7) + "/changes"), 404, "chat-not-found");
    }
}
