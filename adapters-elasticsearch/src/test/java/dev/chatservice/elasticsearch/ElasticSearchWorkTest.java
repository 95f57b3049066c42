package dev.chatservice.elasticsearch;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.QueryProfile;
import co.elastic.clients.elasticsearch.core.search.SearchProfile;
import co.elastic.clients.elasticsearch.core.search.ShardProfile;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The work Elasticsearch does for a page, counted by its profiler (documents the query iterated) rather
 * than timed: newest first it is bounded by the page, whatever the number of matches.
 */
class ElasticSearchWorkTest {
    private static final int MESSAGES = 3_000;
    private static final int LIMIT = 10;
    private static final String ALIAS = TestElasticsearch.uniqueIndex("test-work");
    private static ElasticMessageSearch search;
    private static ElasticClients clients;
    private static SearchPages pages;
    private static final ChatRef CHAT = chat(token(), 1);

    @BeforeAll
    static void fill() {
        search = TestElasticsearch.open(ALIAS);
        clients = ElasticClients.connect(TestElasticsearch.URL);
        MessageIndex index = new MessageIndex(clients, ALIAS);
        index.ensure();
        pages = new SearchPages(clients, index);
        // Every message matches "onder"; a message in a second chat of the same shard must never be visited.
        List<SearchUpdate> updates = new ArrayList<>();
        for (int n = 1; n <= MESSAGES; n++) {
            updates.add(new SearchUpdate.IndexMessage(message(CHAT, n), new MessageBody("a wonderful day " + n), 1));
            updates.add(new SearchUpdate.IndexMessage(message(chat(CHAT.application(), 2), n),
                    new MessageBody("another wonderful day " + n), 1));
        }
        for (int from = 0; from < updates.size(); from += 1_000) {
            search.apply(updates.subList(from, Math.min(updates.size(), from + 1_000)));
        }
        search.refresh();
    }

    @AfterAll
    static void drop() {
        if (search != null) {
            search.deleteIndex();
            search.close();
        }
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void search_newestManyMatches_visitsAboutOnePagePerSegment() throws IOException {
        SearchRequest request = pages.request(StorageKeys.chatKey(CHAT), SearchQuery.parse("onder"), true, true, 0,
                2 * LIMIT + 1);
        long visited = visited(request);
        long segments = segments();
        assertTrue(visited <= segments * (2 * LIMIT + 2), visited + " documents visited in " + segments + " segments");
    }

    @Test
    void search_relevanceManyMatches_visitsEveryMatch() throws IOException {
        SearchRequest request = pages.request(StorageKeys.chatKey(CHAT), SearchQuery.parse("onder"), false, true, 0,
                LIMIT + 1);
        assertTrue(visited(request) >= MESSAGES, "relevance ranks every match");
    }

    @Test
    void search_newestFirstPage_isTheNewestMatches() {
        SearchPage page = search.search(CHAT, SearchQuery.parse("onder"), SearchOrder.NEWEST, LIMIT, Optional.empty());
        assertEquals(List.of(3000, 2999, 2998, 2997, 2996, 2995, 2994, 2993, 2992, 2991),
                page.hits().stream().map(hit -> hit.number().value()).toList());
        SearchPage second = search.search(CHAT, SearchQuery.parse("onder"), SearchOrder.NEWEST, LIMIT,
                page.nextCursor());
        assertEquals(2990, second.hits().get(0).number().value());
    }

    @Test
    void search_deepNewestPage_visitsAboutOnePagePerSegment() throws IOException {
        SearchRequest request = pages.request(StorageKeys.chatKey(CHAT), SearchQuery.parse("onder"), true, true,
                MESSAGES / 2, 2 * LIMIT + 1);
        long visited = visited(request);
        long segments = segments();
        assertTrue(visited <= segments * (2 * LIMIT + 2), visited + " documents visited in " + segments + " segments");
    }

    /** Documents the profiled query's scorers stepped onto, over every shard and segment. */
    private static long visited(SearchRequest request) throws IOException {
        SearchRequest profiled = SearchRequest.of(s -> s.index(request.index()).routing(request.routing())
                .query(request.query()).sort(request.sort()).size(request.size()).from(request.from())
                .trackTotalHits(request.trackTotalHits()).profile(true));
        SearchResponse<Object> response = clients.search().search(profiled, Object.class);
        long visited = 0;
        for (ShardProfile shard : response.profile().shards()) {
            for (SearchProfile profile : shard.searches()) {
                for (QueryProfile query : profile.query()) {
                    visited += query.breakdown().nextDocCount() + query.breakdown().advanceCount();
                }
            }
        }
        System.out.println(request.query().bool().filter().size() + " filters: " + visited + " visited");
        return visited;
    }

    /** Segments of the index's chat shard that hold documents. */
    private static long segments() throws IOException {
        return clients.admin().indices().segments(s -> s.index(ALIAS)).indices().values().stream()
                .flatMap(index -> index.shards().values().stream())
                .flatMap(List::stream)
                .mapToLong(shard -> shard.numSearchSegments())
                .sum();
    }
}
