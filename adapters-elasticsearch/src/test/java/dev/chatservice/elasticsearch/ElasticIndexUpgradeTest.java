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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An alias over an index of the first mapping (no grams, unsorted): served as it is, then rebuilt. */
class ElasticIndexUpgradeTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String V1_MAPPINGS = "{\"dynamic\":\"strict\",\"_routing\":{\"required\":true},"
            + "\"properties\":{\"app\":{\"type\":\"keyword\"},\"chat\":{\"type\":\"keyword\"},"
            + "\"number\":{\"type\":\"integer\"},\"deleted\":{\"type\":\"boolean\"},\"words\":{\"type\":\"keyword\"},"
            + "\"sender\":{\"type\":\"keyword\",\"index\":false,\"doc_values\":false},"
            + "\"body\":{\"type\":\"text\",\"analyzer\":\"chat_text\",\"index_options\":\"offsets\"}}}";
    private static final String V1_SETTINGS = "{\"number_of_shards\":1,\"analysis\":{\"analyzer\":{\"chat_text\":"
            + "{\"type\":\"custom\",\"tokenizer\":\"standard\",\"filter\":[\"lowercase\"]}}}}";
    private final String alias = TestElasticsearch.uniqueIndex("test-upgrade");
    private final ChatRef chat = chat(token(), 1);
    private final List<SearchUpdate> messages = List.of(
            new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("a wonderful day"), 1),
            new SearchUpdate.IndexMessage(message(chat, 2), new MessageBody("bond bidder"), 1),
            new SearchUpdate.IndexMessage(message(chat, 3), new MessageBody("wonder of wonders"), 1));

    @AfterEach
    void drop() throws Exception {
        http("DELETE", "/" + alias + "-v1," + alias + "-v2?ignore_unavailable=true", null);
    }

    @Test
    void rebuild_outdatedIndex_servesItThenMovesTheAliasToTheCurrentOne() throws Exception {
        HttpResponse<String> created = http("PUT", "/" + alias + "-v1", "{\"settings\":" + V1_SETTINGS + ","
                + "\"mappings\":" + V1_MAPPINGS + ",\"aliases\":{\"" + alias + "\":{\"is_write_index\":true}}}");
        assertEquals(200, created.statusCode(), created.body());
        try (ElasticMessageSearch search = TestElasticsearch.open(alias)) {
            assertFalse(search.isCurrent());
            search.apply(messages);
            search.refresh();
            assertEquals(List.of(1, 3), numbers(search, SearchOrder.RELEVANCE));
            assertEquals(List.of(3, 1), numbers(search, SearchOrder.NEWEST));

            long rebuilt = search.rebuild(target -> {
                target.apply(messages);
                return messages.size();
            });

            assertEquals(3, rebuilt);
            assertTrue(search.isCurrent());
            HttpResponse<String> behind = http("GET", "/_alias/" + alias, null);
            assertTrue(behind.body().contains("\"" + alias + "-v2\""), behind.body());
            assertFalse(behind.body().contains("\"" + alias + "-v1\""), behind.body());
            assertEquals(404, http("GET", "/" + alias + "-v1", null).statusCode());
            assertEquals(404, http("GET", "/_alias/" + alias + "-upgrade", null).statusCode());
            assertEquals(List.of(1, 3), numbers(search, SearchOrder.RELEVANCE));
            assertEquals(List.of(3, 1), numbers(search, SearchOrder.NEWEST));
        }
        try (ElasticMessageSearch reopened = TestElasticsearch.open(alias)) {
            assertTrue(reopened.isCurrent());
        }
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
