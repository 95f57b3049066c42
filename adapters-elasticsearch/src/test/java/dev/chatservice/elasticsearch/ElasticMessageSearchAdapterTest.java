package dev.chatservice.elasticsearch;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.SearchHit;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.RejectedUpdatesException;
import dev.chatservice.domain.port.SearchUpdate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@link ElasticMessageSearch} does beyond the port contract, on a real Elasticsearch. */
class ElasticMessageSearchAdapterTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static ElasticMessageSearch search;

    @BeforeAll
    static void openIndex() {
        search = TestElasticsearch.open(TestElasticsearch.uniqueIndex("test-adapter"));
    }

    @AfterAll
    static void dropIndex() {
        if (search != null) {
            search.deleteIndex();
            search.close();
        }
    }

    private static void index(ChatRef chat, int number, String body) {
        search.apply(List.of(new SearchUpdate.IndexMessage(message(chat, number), new MessageBody(body), 1)));
    }

    private static List<Integer> numbers(ElasticMessageSearch in, ChatRef chat, SearchQuery query) {
        return in.search(chat, query, 50, Optional.empty()).hits().stream().map(hit -> hit.number().value()).toList();
    }

    private static List<Integer> numbers(ChatRef chat, String query) {
        return numbers(search, chat, SearchQuery.parse(query));
    }

    private static HttpResponse<String> http(String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TestElasticsearch.URL + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apply_mappingRejectedItem_throwsRejectedNamingItAndKeepsTheOthers() throws Exception {
        String alias = TestElasticsearch.uniqueIndex("test-rejecting");
        // An index whose body is a number: "12345" is accepted, words are rejected by the mapping.
        HttpResponse<String> created = http("PUT", "/" + alias + "-v1", "{\"mappings\":{\"properties\":"
                + "{\"body\":{\"type\":\"long\"}}},\"aliases\":{\"" + alias + "\":{\"is_write_index\":true}}}");
        assertEquals(200, created.statusCode(), created.body());
        try (ElasticMessageSearch rejecting = ElasticMessageSearch.connect(TestElasticsearch.URL, alias)) {
            ChatRef chat = chat(token(), 1);
            SearchUpdate refused = new SearchUpdate.IndexMessage(message(chat, 2), new MessageBody("hello words"), 1);
            RejectedUpdatesException e = assertThrows(RejectedUpdatesException.class, () -> rejecting.apply(List.of(
                    new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("12345"), 1), refused)));
            assertEquals(List.of(refused), e.rejected());

            String rejectedId = StorageKeys.chatKey(chat) + "/2";
            assertTrue(e.getMessage().contains(rejectedId), e.getMessage());
            assertTrue(e.getMessage().contains("400"), e.getMessage());
            String keptId = StorageKeys.chatKey(chat) + "/1";
            HttpResponse<String> kept = http("GET", "/" + alias + "/_doc/" + keptId.replace("/", "%2F")
                    + "?routing=" + StorageKeys.chatKey(chat).replace("/", "%2F"), null);
            assertEquals(200, kept.statusCode(), kept.body());
            // And the adapter refuses to start on such an index rather than search it wrongly.
            assertThrows(IllegalStateException.class, rejecting::ensureIndex);
        } finally {
            http("DELETE", "/" + alias + "-v1", null);
        }
    }

    @Test
    void search_longBody_highlightsMatchFarInsideWholeBodyEscaped() {
        ChatRef chat = chat(token(), 1);
        StringBuilder body = new StringBuilder("<b>start</b> ");
        while (body.length() < 4_000) {
            body.append("lorem ipsum dolor ");
        }
        body.append("the zebra & co");
        index(chat, 1, body.toString());
        search.refresh();

        SearchHit hit = search.search(chat, SearchQuery.parse("EBRA"), 10, Optional.empty()).hits().get(0);

        assertEquals(body.toString(), hit.body().value());
        assertTrue(hit.highlight().startsWith("&lt;b&gt;start&lt;/b&gt; lorem"), hit.highlight());
        assertTrue(hit.highlight().endsWith("the z<em>ebra</em> &amp; co"), hit.highlight());
    }

    @Test
    void search_querySyntaxInput_isMatchedAsPlainText() {
        ChatRef chat = chat(token(), 1);
        index(chat, 1, "say a OR b please");
        index(chat, 2, "call foo(bar) now");
        index(chat, 3, "nothing else");
        search.refresh();

        assertEquals(List.of(1), numbers(chat, "a OR b"));
        assertEquals(List.of(2), numbers(chat, "foo("));
        assertEquals(List.of(2), numbers(chat, "*:* foo"));
        assertEquals(List.of(), numbers(chat, "*:* OR nothing"));
        assertEquals(List.of(2), numbers(chat, "bar~ \"foo\" -"));
        assertThrows(InvalidValueException.class, () -> SearchQuery.parse("*:*"));
    }

    @Test
    void search_wildcardCharacterInTerm_matchesOnlyItself() {
        ChatRef chat = chat(token(), 1);
        index(chat, 1, "any words at all");
        search.refresh();

        // SearchQuery.parse never yields these; a hand-made query must still not become a pattern.
        for (String operator : List.of("*", "?", "\\", "a*", "w?rds", "\\*")) {
            assertEquals(List.of(), numbers(search, chat, new SearchQuery(operator, List.of(operator))), operator);
        }
    }

    @Test
    void apply_staleCreateAfterRemove_staysRemoved() {
        ChatRef chat = chat(token(), 1);
        index(chat, 1, "ghost story");
        search.apply(List.of(new SearchUpdate.RemoveMessage(message(chat, 1), 2)));
        // A redelivered create arrives after the delete.
        index(chat, 1, "ghost story");
        search.refresh();

        assertEquals(List.of(), numbers(chat, "ghost"));
    }

    @Test
    void apply_removeChatOfSeveralScanPages_removesEveryMessageAndOnlyThem() {
        ChatRef chat = chat(token(), 1);
        ChatRef sibling = chat(chat.application(), 2);
        List<SearchUpdate> updates = new ArrayList<>();
        for (int n = 1; n <= 2_500; n++) {
            updates.add(new SearchUpdate.IndexMessage(message(chat, n), new MessageBody("note " + n), 1));
        }
        updates.add(new SearchUpdate.IndexMessage(message(sibling, 1), new MessageBody("note kept"), 1));
        // The removal in the same batch must see the messages indexed just before it.
        updates.add(new SearchUpdate.RemoveChat(chat));
        search.apply(updates);
        search.refresh();

        assertEquals(List.of(), numbers(chat, "note"));
        assertEquals(List.of(1), numbers(sibling, "note"));
    }

    @Test
    void apply_removeApplication_leavesOtherApplications() {
        ChatRef chat = chat(token(), 1);
        ChatRef foreign = chat(token(), 1);
        index(chat, 1, "shared words");
        index(foreign, 1, "shared words");
        search.apply(List.of(new SearchUpdate.RemoveApplication(chat.application())));
        search.refresh();

        assertEquals(List.of(), numbers(chat, "shared"));
        assertEquals(List.of(1), numbers(foreign, "shared"));
    }

    @Test
    void apply_document_storesTokenOnlyAsHash() throws Exception {
        ChatRef chat = chat(token(), 7);
        index(chat, 1, "secret keeper");
        String routing = StorageKeys.chatKey(chat).replace("/", "%2F");

        HttpResponse<String> stored = http("GET", "/" + search.index() + "/_doc/" + routing + "%2F1?routing="
                + routing, null);

        assertEquals(200, stored.statusCode(), stored.body());
        assertFalse(stored.body().contains(chat.application().value()), stored.body());
        assertTrue(stored.body().contains(StorageKeys.applicationKey(chat.application())), stored.body());
    }

    @Test
    void search_cursorOfOtherQuery_isRejected() {
        ChatRef chat = chat(token(), 1);
        for (int n = 1; n <= 3; n++) {
            index(chat, n, "hello " + n);
        }
        search.refresh();
        SearchPage first = search.search(chat, SearchQuery.parse("hello"), 2, Optional.empty());
        assertTrue(first.nextCursor().isPresent());

        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> search.search(chat, SearchQuery.parse("hell"), 2, first.nextCursor()));
        assertEquals(InvalidValueException.Field.PAGE_CURSOR, e.field());
        assertThrows(InvalidValueException.class,
                () -> search.search(chat(token(), 1), SearchQuery.parse("hello"), 2, first.nextCursor()));
        assertEquals(1, search.search(chat, SearchQuery.parse("hello"), 2, first.nextCursor()).hits().size());
    }

    @Test
    void search_ranking_wholeWordThenPrefixThenInfixAndScoresAddUp() {
        ChatRef chat = chat(token(), 1);
        index(chat, 1, "concatenate anything");
        index(chat, 2, "catalogue things");
        index(chat, 3, "cat thing");
        index(chat, 4, "cat things");
        search.refresh();

        List<SearchHit> hits = search.search(chat, SearchQuery.parse("cat thing"), 10, Optional.empty()).hits();

        assertEquals(List.of(3, 4, 2, 1), hits.stream().map(hit -> hit.number().value()).toList());
        // Per term: whole word 3, word start 2, infix 1; the terms add up.
        assertEquals(List.of(6.0, 5.0, 4.0, 2.0), hits.stream().map(SearchHit::score).toList());
    }

    @Test
    void search_hanAndHiraganaText_matchesRunsOfCharacters() {
        ChatRef chat = chat(token(), 1);
        index(chat, 1, "私は東京に住んでいます");
        index(chat, 2, "京都へ行く");
        search.refresh();

        // The standard tokenizer makes every Han or Hiragana character a word of its own.
        assertEquals(List.of(1), numbers(chat, "東京"));
        assertEquals(List.of(1), numbers(chat, "住んで"));
        assertEquals(List.of(1, 2), numbers(chat, "京").stream().sorted().toList());
        assertEquals(List.of(), numbers(chat, "東に"));
        SearchHit hit = search.search(chat, SearchQuery.parse("東京"), 10, Optional.empty()).hits().get(0);
        assertTrue(hit.highlight().contains("<em>東</em><em>京</em>")
                || hit.highlight().contains("<em>東京</em>"), hit.highlight());
    }

    @Test
    void ensureIndex_manyProcessesOnAFreshAlias_allSucceed() throws Exception {
        // Nodes of a stack started together find the alias missing and race to create it. A node that checks
        // while another's creation is under way must neither fail nor create a second index: the racers start
        // spread over the time a creation takes, each round on a fresh alias.
        for (int round = 0; round < 30; round++) {
            String alias = TestElasticsearch.uniqueIndex("test-race");
            int racers = 8;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(racers);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
            List<ElasticMessageSearch> opened = new ArrayList<>();
            try {
                List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    ElasticMessageSearch racer = ElasticMessageSearch.connect(TestElasticsearch.URL, alias);
                    opened.add(racer);
                    long delayMillis = i * 10L;
                    calls.add(pool.submit(() -> {
                        start.await();
                        Thread.sleep(delayMillis);
                        racer.ensureIndex();
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> call : calls) {
                    call.get(2, java.util.concurrent.TimeUnit.MINUTES);
                }
                assertTrue(opened.stream().allMatch(ElasticMessageSearch::isCurrent), alias);
            } finally {
                pool.shutdownNow();
                opened.get(0).deleteIndex();
                opened.forEach(ElasticMessageSearch::close);
            }
        }
    }

    @Test
    void ensureIndex_calledAgain_changesNothing() {
        search.ensureIndex();
        search.ensureIndex();
        assertTrue(search.isHealthy());
    }

    @Test
    void isHealthy_unreachableServer_isFalse() {
        try (ElasticMessageSearch down = ElasticMessageSearch.connect("http://127.0.0.1:1", "unreachable")) {
            assertFalse(down.isHealthy());
        }
    }

    @Test
    void apply_unreachableServer_throwsDependencyUnavailable() {
        ChatRef chat = chat(token(), 1);
        try (ElasticMessageSearch down = ElasticMessageSearch.connect("http://127.0.0.1:1", "unreachable")) {
            DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class, () -> down.apply(
                    List.of(new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("lost?"), 1))));
            assertEquals("elasticsearch", e.dependency());
            assertThrows(DependencyUnavailableException.class,
                    () -> down.apply(List.of(new SearchUpdate.RemoveChat(chat))));
        }
    }

    @Test
    void search_unreachableServer_throwsDependencyUnavailable() {
        try (ElasticMessageSearch down = ElasticMessageSearch.connect("http://127.0.0.1:1", "unreachable")) {
            assertThrows(DependencyUnavailableException.class,
                    () -> down.search(chat(token(), 1), SearchQuery.parse("x"), 10, Optional.empty()));
        }
    }
}
