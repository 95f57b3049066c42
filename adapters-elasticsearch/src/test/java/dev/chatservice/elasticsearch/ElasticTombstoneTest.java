package dev.chatservice.elasticsearch;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.SearchUpdate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A removed message's document is a tombstone that holds no body and no words, only what ordering needs. */
class ElasticTombstoneTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String alias = TestElasticsearch.uniqueIndex("test-tombstone");
    private final ElasticMessageSearch search = TestElasticsearch.open(alias);

    @AfterEach
    void dropIndex() {
        search.deleteIndex();
        search.close();
    }

    /** The _source of every document in the index, read straight from Elasticsearch. */
    private List<JsonNode> documents() throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(TestElasticsearch.URL + "/" + alias + "/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(TestElasticsearch.URL + "/" + alias + "/_search?size=100"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":{\"match_all\":{}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> sources = new ArrayList<>();
        new ObjectMapper().readTree(response.body()).path("hits").path("hits")
                .forEach(hit -> sources.add(hit.get("_source")));
        return sources;
    }

    @Test
    void apply_removeMessage_leavesTombstoneWithoutBodyOrWords() throws Exception {
        ChatRef chat = chat(token(), 1);
        search.apply(List.of(
                new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("kept words"), 1),
                new SearchUpdate.IndexMessage(message(chat, 2), new MessageBody("secret words"), 1)));
        search.apply(List.of(new SearchUpdate.IndexMessage(message(chat, 2), new MessageBody("secret edited"), 2),
                new SearchUpdate.RemoveMessage(message(chat, 2), 3)));
        List<JsonNode> documents = documents();
        assertEquals(2, documents.size(), documents.toString());
        JsonNode tombstone = documents.stream().filter(d -> d.get("number").asInt() == 2).findFirst().orElseThrow();
        assertTrue(tombstone.get("deleted").asBoolean(), tombstone.toString());
        assertFalse(tombstone.has("body"), tombstone.toString());
        assertFalse(tombstone.has("words"), tombstone.toString());
        assertFalse(documents.toString().contains("secret"), documents.toString());
    }

    @Test
    void apply_staleIndexAfterRemove_keepsTombstoneWithoutBody() throws Exception {
        ChatRef chat = chat(token(), 1);
        search.apply(List.of(new SearchUpdate.RemoveMessage(message(chat, 1), 2)));
        search.apply(List.of(new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("secret late"), 1)));
        List<JsonNode> documents = documents();
        assertEquals(1, documents.size(), documents.toString());
        assertFalse(documents.toString().contains("secret"), documents.toString());
    }
}
