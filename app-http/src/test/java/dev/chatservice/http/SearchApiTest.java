package dev.chatservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message search over real HTTP. */
class SearchApiTest extends ApiTestBase {

    private static List<Integer> search(String token, int chat, String q) {
        Client.Response response = client.get(chatPath(token, chat) + "/messages/search?q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertEquals(200, response.status(), response.text());
        List<Integer> numbers = new ArrayList<>();
        response.json().get("items").forEach(hit -> numbers.add(hit.get("number").asInt()));
        return numbers;
    }

    @Test
    void search_partOfWord_findsMessageWithHighlight() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "What a Wonderful day");
        newMessage(token, chat, "nothing to see");
        server.awaitPersisted();
        JsonNode page = client.get(chatPath(token, chat) + "/messages/search?q=onder").json();
        assertEquals(1, page.get("items").size());
        JsonNode hit = page.get("items").get(0);
        assertEquals(1, hit.get("number").asInt());
        assertEquals("What a Wonderful day", hit.get("body").asText());
        assertEquals("What a W<em>onder</em>ful day", hit.get("highlight").asText());
        assertTrue(page.get("next_cursor").isNull());
    }

    @Test
    void search_severalWordsAnyCase_findsMessagesHoldingAll() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "Sunny wonderful day");
        newMessage(token, chat, "rainy wonderful night");
        server.awaitPersisted();
        assertEquals(List.of(1), search(token, chat, "WONDER sun"));
    }

    @Test
    void search_sameWordsInOtherApplication_staysInOwnChat() throws Exception {
        String mine = newApplication();
        String theirs = newApplication();
        int myChat = newChat(mine);
        int theirChat = newChat(theirs);
        newMessage(theirs, theirChat, "shared secret words");
        newMessage(mine, myChat, "only mine");
        server.awaitPersisted();
        assertEquals(List.of(), search(mine, myChat, "secret"));
        assertEquals(List.of(1), search(theirs, theirChat, "secret"));
    }

    @Test
    void search_querySyntax_isPlainText() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "call foo(bar)");
        server.awaitPersisted();
        assertEquals(List.of(1), search(token, chat, "foo("));
    }

    @Test
    void search_onlyOperators_returns400() {
        String token = newApplication();
        assertProblem(client.get(chatPath(token, newChat(token)) + "/messages/search?q=*:*"), 400,
                "invalid-parameter");
    }

    @Test
    void search_missingQ_returns400() {
        String token = newApplication();
        assertProblem(client.get(chatPath(token, newChat(token)) + "/messages/search"), 400, "invalid-parameter");
    }

    @Test
    void search_overLongQ_returns400() {
        String token = newApplication();
        assertProblem(client.get(chatPath(token, newChat(token)) + "/messages/search?q=" + "a".repeat(201)), 400,
                "invalid-parameter");
    }

    @Test
    void search_unknownChat_returns404() {
        assertProblem(client.get(chatPath(newApplication(), 8) + "/messages/search?q=x"), 404, "chat-not-found");
    }

    @Test
    void search_badCursor_returns400() {
        String token = newApplication();
        assertProblem(client.get(chatPath(token, newChat(token)) + "/messages/search?q=x&cursor=%25%25%25"), 400,
                "invalid-parameter");
    }

    @Test
    void search_manyHits_pagesThroughEachOnce() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        for (int i = 0; i < 5; i++) {
            newMessage(token, chat, "hello number " + i);
        }
        server.awaitPersisted();
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get(chatPath(token, chat) + "/messages/search?q=hello&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(hit -> seen.add(hit.get("number").asInt()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(List.of(1, 2, 3, 4, 5), seen.stream().sorted().toList());
    }

    @Test
    void search_sortNewest_pagesNewestFirst() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "hello");
        newMessage(token, chat, "nothing");
        newMessage(token, chat, "well hello there");
        newMessage(token, chat, "shellholder");
        server.awaitPersisted();
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get(chatPath(token, chat) + "/messages/search?q=hello&sort=newest&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(hit -> seen.add(hit.get("number").asInt()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(List.of(3, 1), seen);
        assertEquals(List.of(1, 3), search(token, chat, "hello"));
    }

    @Test
    void search_sortRelevance_isTheDefault() throws Exception {
        String token = newApplication();
        int chat = newChat(token);
        newMessage(token, chat, "the catalogue");
        newMessage(token, chat, "a cat");
        server.awaitPersisted();
        Client.Response response = client.get(chatPath(token, chat) + "/messages/search?q=cat&sort=relevance");
        assertEquals(200, response.status(), response.text());
        assertEquals(2, response.json().get("items").get(0).get("number").asInt());
        assertEquals(List.of(2, 1), search(token, chat, "cat"));
    }

    @Test
    void search_unknownSort_returns400() {
        String token = newApplication();
        int chat = newChat(token);
        for (String sort : List.of("oldest", "", "NEWEST", "score")) {
            assertProblem(client.get(chatPath(token, chat) + "/messages/search?q=x&sort=" + sort), 400,
                    "invalid-parameter");
        }
    }
}
