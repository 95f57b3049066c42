package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** History in both directions over real HTTP: before, after, around, order, and directional cursors. */
class HistoryApiTest extends ApiTestBase {

    /** A chat of ten messages, with number 5 deleted. */
    private static String chatOfTen() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        for (int i = 1; i <= 10; i++) {
            newMessage(token, chat, "m" + i);
        }
        client.delete(chatPath(token, chat) + "/messages/5");
        server.awaitPersisted();
        return chatPath(token, chat) + "/messages";
    }

    private static List<Integer> numbers(JsonNode page) {
        List<Integer> numbers = new ArrayList<>();
        page.get("items").forEach(m -> numbers.add(m.get("number").asInt()));
        return numbers;
    }

    @Test
    void list_orderDesc_pagesFromTheNewestDown() throws Exception {
        String messages = chatOfTen();
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get(messages + "?order=desc&limit=4" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            seen.addAll(numbers(page));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(List.of(10, 9, 8, 7, 6, 4, 3, 2, 1), seen);
    }

    @Test
    void list_before_returnsTheClosestBelowInTheRequestedOrder() throws Exception {
        String messages = chatOfTen();
        assertEquals(List.of(3, 4, 6), numbers(client.get(messages + "?before=7&limit=3").json()));
        assertEquals(List.of(6, 4, 3), numbers(client.get(messages + "?before=7&limit=3&order=desc").json()));
    }

    @Test
    void list_after_returnsTheClosestAboveInTheRequestedOrder() throws Exception {
        String messages = chatOfTen();
        assertEquals(List.of(4, 6, 7), numbers(client.get(messages + "?after=3&limit=3").json()));
        assertEquals(List.of(7, 6, 4), numbers(client.get(messages + "?after=3&limit=3&order=desc").json()));
    }

    @Test
    void list_cursorOfABeforePage_keepsGoingDownWhateverTheOrder() throws Exception {
        String messages = chatOfTen();
        JsonNode first = client.get(messages + "?before=8&limit=2").json();
        assertEquals(List.of(6, 7), numbers(first));
        String cursor = first.get("next_cursor").asText();
        assertEquals(List.of(3, 4), numbers(client.get(messages + "?limit=2&cursor=" + cursor).json()));
        assertEquals(List.of(4, 3), numbers(client.get(messages + "?limit=2&order=desc&cursor=" + cursor).json()));
    }

    @Test
    void list_around_centresOnTheMessageWithoutCursor() throws Exception {
        String messages = chatOfTen();
        JsonNode page = client.get(messages + "?around=7&limit=5").json();
        assertEquals(List.of(4, 6, 7, 8, 9), numbers(page));
        assertTrue(page.get("next_cursor").isNull());
        assertEquals(List.of(9, 8, 7, 6, 4), numbers(client.get(messages + "?around=7&limit=5&order=desc").json()));
    }

    @Test
    void list_withoutParameters_staysAscendingWithNumericCursor() throws Exception {
        String messages = chatOfTen();
        JsonNode page = client.get(messages + "?limit=3").json();
        assertEquals(List.of(1, 2, 3), numbers(page));
        assertEquals("3", page.get("next_cursor").asText());
    }

    @Test
    void list_conflictingAnchors_returns400() {
        String token = newApplication();
        String messages = chatPath(token, newChat(token)) + "/messages";
        for (String query : List.of("before=3&after=1", "around=2&before=3", "after=1&around=2",
                "cursor=1&before=3", "cursor=d4&around=2")) {
            JsonNode problem = assertProblem(client.get(messages + "?" + query), 400, "invalid-parameter");
            assertTrue(problem.get("detail").asText().contains("mutually exclusive"), query);
        }
    }

    @Test
    void list_badOrderOrAnchor_returns400() {
        String token = newApplication();
        String messages = chatPath(token, newChat(token)) + "/messages";
        for (String query : List.of("order=up", "before=-1", "after=x", "around=0", "cursor=d", "cursor=dd3")) {
            assertProblem(client.get(messages + "?" + query), 400, "invalid-parameter");
        }
    }

    @Test
    void listChats_orderDesc_pagesFromTheNewestChatDown() throws Exception {
        String token = newApplication();
        for (int i = 0; i < 5; i++) {
            newChat(token);
        }
        server.awaitPersisted();
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get("/applications/" + token + "/chats?order=desc&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            seen.addAll(numbers(page));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(List.of(5, 4, 3, 2, 1), seen);
    }
}
