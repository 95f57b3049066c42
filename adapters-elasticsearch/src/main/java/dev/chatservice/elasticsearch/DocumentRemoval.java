package dev.chatservice.elasticsearch;

import static dev.chatservice.elasticsearch.ElasticFailures.retryable;
import static dev.chatservice.elasticsearch.ElasticFailures.transportFailure;
import static dev.chatservice.elasticsearch.ElasticFailures.unavailable;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Removes every document of a chat or an application: scans for them and bulk-deletes them, until none are
 * left. A scan and delete rather than {@code _delete_by_query}, which the minimal integ-test distribution
 * lacks.
 */
final class DocumentRemoval {
    private static final int SCAN_PAGE = 1_000;
    private static final int MAX_ROUNDS = 10;

    private final ElasticsearchClient client;
    private final MessageIndex index;
    private final BulkWriter bulk;

    /** @param client the client for writes, whose patience the scans need too */
    DocumentRemoval(ElasticsearchClient client, MessageIndex index, BulkWriter bulk) {
        this.client = client;
        this.index = index;
        this.bulk = bulk;
    }

    /** @return why, if Elasticsearch refused a delete for good */
    Optional<String> removeChat(ChatRef chat) {
        String key = StorageKeys.chatKey(chat);
        return removeAll(Query.of(q -> q.term(t -> t.field("chat").value(key))), key);
    }

    /** @return why, if Elasticsearch refused a delete for good */
    Optional<String> removeApplication(ApplicationToken application) {
        String key = StorageKeys.applicationKey(application);
        return removeAll(Query.of(q -> q.term(t -> t.field("app").value(key))), null);
    }

    /**
     * Deletes every document matching {@code filter}: pages through them in a stable order and bulk-deletes
     * each page, then refreshes and looks again, until a fresh look finds none.
     */
    private Optional<String> removeAll(Query filter, String routing) {
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            index.refresh();
            int found = 0;
            List<FieldValue> after = null;
            while (true) {
                List<Hit<Void>> hits = scan(filter, routing, after);
                if (hits.isEmpty()) {
                    break;
                }
                found += hits.size();
                List<BulkOperation> deletes = new ArrayList<>(hits.size());
                for (Hit<Void> hit : hits) {
                    deletes.add(BulkOperation.of(op -> op.delete(d -> d
                            .index(index.alias()).id(hit.id()).routing(hit.routing()))));
                }
                Map<Integer, String> refused = bulk.send(deletes);
                if (!refused.isEmpty()) {
                    // Looking again would find the same documents: give the removal up.
                    return Optional.of(String.join("; ", refused.values()));
                }
                after = hits.get(hits.size() - 1).sort();
                if (hits.size() < SCAN_PAGE) {
                    break;
                }
            }
            if (found == 0) {
                return Optional.empty();
            }
        }
        throw unavailable("documents kept appearing while removing them after " + MAX_ROUNDS + " rounds", null);
    }

    private List<Hit<Void>> scan(Query filter, String routing, List<FieldValue> after) {
        String alias = index.alias();
        try {
            SearchResponse<Void> response = client.search(s -> {
                s.index(alias)
                        .query(q -> q.constantScore(c -> c.filter(filter)))
                        .size(SCAN_PAGE)
                        .source(src -> src.fetch(false))
                        .trackTotalHits(t -> t.enabled(false))
                        .sort(o -> o.field(f -> f.field("chat").order(SortOrder.Asc)))
                        .sort(o -> o.field(f -> f.field("number").order(SortOrder.Asc)));
                if (routing != null) {
                    s.routing(routing);
                }
                if (after != null) {
                    s.searchAfter(after);
                }
                return s;
            }, Void.class);
            return response.hits().hits();
        } catch (IOException e) {
            throw unavailable("cannot scan " + alias + " for removal", e);
        } catch (ElasticsearchException e) {
            if (retryable(e.status()) || e.status() == 404) {
                throw unavailable("cannot scan " + alias + " for removal", e);
            }
            throw new IllegalStateException("removal scan rejected: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw transportFailure("cannot scan " + alias + " for removal", e);
        }
    }
}
