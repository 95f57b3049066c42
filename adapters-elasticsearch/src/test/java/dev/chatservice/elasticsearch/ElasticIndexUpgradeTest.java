package dev.chatservice.elasticsearch;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An alias over an index of an older mapping, served as it is, then rebuilt: v1 (no grams, unsorted) and v2
 * (grams and sorted, but an analysed body and doc values nothing reads).
 */
class ElasticIndexUpgradeTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String CHAT_TEXT = "\"analysis\":{\"analyzer\":{\"chat_text\":"
            + "{\"type\":\"custom\",\"tokenizer\":\"standard\",\"filter\":[\"lowercase\"]}}}";
    private static final String V1_MAPPINGS = "{\"dynamic\":\"strict\",\"_routing\":{\"required\":true},"
            + "\"properties\":{\"app\":{\"type\":\"keyword\"},\"chat\":{\"type\":\"keyword\"},"
            + "\"number\":{\"type\":\"integer\"},\"deleted\":{\"type\":\"boolean\"},\"words\":{\"type\":\"keyword\"},"
            + "\"sender\":{\"type\":\"keyword\",\"index\":false,\"doc_values\":false},"
            + "\"body\":{\"type\":\"text\",\"analyzer\":\"chat_text\",\"index_options\":\"offsets\"}}}";
    private static final String V1_SETTINGS = "{\"number_of_shards\":1," + CHAT_TEXT + "}";
    private static final String V2_MAPPINGS = "{\"dynamic\":\"strict\",\"_routing\":{\"required\":true},"
            + "\"_source\":{\"excludes\":[\"words\",\"grams\"]},"
            + "\"properties\":{\"app\":{\"type\":\"keyword\"},\"chat\":{\"type\":\"keyword\"},"
            + "\"number\":{\"type\":\"integer\"},\"deleted\":{\"type\":\"boolean\"},\"words\":{\"type\":\"keyword\"},"
            + "\"grams\":{\"type\":\"keyword\",\"doc_values\":false},"
            + "\"sender\":{\"type\":\"keyword\",\"index\":false,\"doc_values\":false},"
            + "\"body\":{\"type\":\"text\",\"analyzer\":\"chat_text\",\"index_options\":\"offsets\"}}}";
    private static final String V2_SETTINGS = "{\"number_of_shards\":3,\"sort.field\":[\"chat\",\"number\"],"
            + "\"sort.order\":[\"asc\",\"desc\"]," + CHAT_TEXT + "}";
    private final String alias = TestElasticsearch.uniqueIndex("test-upgrade");
    private final ChatRef chat = chat(token(), 1);
    private final List<SearchUpdate> messages = List.of(
            new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("a wonderful day"), 1),
            new SearchUpdate.IndexMessage(message(chat, 2), new MessageBody("bond bidder"), 1),
            new SearchUpdate.IndexMessage(message(chat, 3), new MessageBody("wonder of wonders"), 1));

    @AfterEach
    void drop() throws Exception {
        http("DELETE", "/" + alias + "-v1," + alias + "-v2," + alias + "-v3?ignore_unavailable=true", null);
    }

    @Test
    void rebuild_v1Index_servesItWithoutGramsThenMovesTheAliasToTheCurrentOne() throws Exception {
        createOld("v1", V1_SETTINGS, V1_MAPPINGS);
        try (ElasticMessageSearch search = TestElasticsearch.open(alias)) {
            assertFalse(search.isCurrent());
            search.apply(messages);
            putWithoutGrams(4, "wonderful");
            search.refresh();
            // Documents of v1 have no grams: every term is matched on the words, which finds message 4 too.
            assertEquals(List.of(1, 3, 4), numbers(search, SearchOrder.RELEVANCE));
            assertEquals(List.of(4, 3, 1), numbers(search, SearchOrder.NEWEST));

            rebuildAndCheck(search, "v1");
        }
        try (ElasticMessageSearch reopened = TestElasticsearch.open(alias)) {
            assertTrue(reopened.isCurrent());
        }
    }

    @Test
    void rebuild_v2Index_servesItWithGramsThenMovesTheAliasToTheCurrentOne() throws Exception {
        createOld("v2", V2_SETTINGS, V2_MAPPINGS);
        try (ElasticMessageSearch search = TestElasticsearch.open(alias)) {
            assertFalse(search.isCurrent());
            search.apply(messages);
            putWithoutGrams(4, "wonderful");
            search.refresh();
            // Every document of v2 has its grams, so a long term is looked up by them: the gram-less message 4
            // is not a candidate, which shows the outdated index is still searched the fast way.
            assertEquals(List.of(1, 3), numbers(search, SearchOrder.RELEVANCE));
            assertEquals(List.of(3, 1), numbers(search, SearchOrder.NEWEST));

            rebuildAndCheck(search, "v2");
        }
        try (ElasticMessageSearch reopened = TestElasticsearch.open(alias)) {
            assertTrue(reopened.isCurrent());
        }
    }

    private void createOld(String version, String settings, String mappings) throws Exception {
        HttpResponse<String> created = http("PUT", "/" + alias + "-" + version, "{\"settings\":" + settings + ","
                + "\"mappings\":" + mappings + ",\"aliases\":{\"" + alias + "\":{\"is_write_index\":true}}}");
        assertEquals(200, created.statusCode(), created.body());
    }

    /** A document with its words but no grams, as v1 wrote them, straight into the index behind the alias. */
    private void putWithoutGrams(int number, String word) throws Exception {
        String key = StorageKeys.chatKey(chat);
        String document = "{\"app\":\"" + StorageKeys.applicationKey(chat.application()) + "\",\"chat\":\"" + key
                + "\",\"number\":" + number + ",\"deleted\":false,\"body\":\"" + word + "\",\"words\":[\""
                + StorageKeys.chatTag(key) + word + "\"]}";
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
        HttpResponse<String> put = http("PUT", "/" + alias + "/_doc/" + encoded + "%2F" + number + "?routing="
                + encoded, document);
        assertEquals(201, put.statusCode(), put.body());
    }

    /** Rebuilds from {@link #messages} and checks the alias is over the current index alone. */
    private void rebuildAndCheck(ElasticMessageSearch search, String old) throws Exception {
        long rebuilt = search.rebuild(target -> {
            target.apply(messages);
            return messages.size();
        });

        assertEquals(3, rebuilt);
        assertTrue(search.isCurrent());
        HttpResponse<String> behind = http("GET", "/_alias/" + alias, null);
        assertTrue(behind.body().contains("\"" + alias + "-v3\""), behind.body());
        assertFalse(behind.body().contains("\"" + alias + "-" + old + "\""), behind.body());
        assertEquals(404, http("GET", "/" + alias + "-" + old, null).statusCode());
        assertEquals(404, http("GET", "/_alias/" + alias + "-upgrade", null).statusCode());
        assertEquals(List.of(1, 3), numbers(search, SearchOrder.RELEVANCE));
        assertEquals(List.of(3, 1), numbers(search, SearchOrder.NEWEST));
        // The current index keeps the body for reading back only: a query on it is refused.
        HttpResponse<String> onBody = http("POST", "/" + alias + "/_search",
                "{\"query\":{\"match\":{\"body\":\"wonder\"}}}");
        assertEquals(400, onBody.statusCode(), onBody.body());
        assertTrue(onBody.body().contains("not indexed"), onBody.body());
    }

    private List<Integer> numbers(ElasticMessageSearch search, SearchOrder order) {
        return search.search(chat, SearchQuery.parse("onder"), order, 10, Optional.empty()).hits().stream()
                .map(hit -> hit.number().value()).toList();
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
}
