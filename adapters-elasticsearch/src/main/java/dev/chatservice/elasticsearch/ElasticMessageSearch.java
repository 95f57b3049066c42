package dev.chatservice.elasticsearch;

import static dev.chatservice.elasticsearch.ElasticFailures.retryable;
import static dev.chatservice.elasticsearch.ElasticFailures.transportFailure;
import static dev.chatservice.elasticsearch.ElasticFailures.unavailable;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.Sender;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.RejectedUpdatesException;
import dev.chatservice.domain.port.SearchHit;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link MessageSearch} on Elasticsearch 8.x through elasticsearch-java.
 *
 * <p>Designed to work both on the minimal integ-test distribution (no ngram tokenizers, no {@code wildcard}
 * field type, no {@code _delete_by_query}) and on the full one:
 * <ul>
 *   <li>One document per message, routed by its chat's key, so one chat lives on one shard; the application
 *       token is stored only as its hash ({@link StorageKeys}).</li>
 *   <li>Writes are externally versioned by the message's row version, and a removed message becomes a
 *       tombstone ({@link MessageDocuments}); they go out in bulks that retry passing failures
 *       ({@link BulkWriter}).</li>
 *   <li>Removing a chat or an application scans for its documents and deletes them ({@link DocumentRemoval}).</li>
 *   <li>A body's words go into a keyword field, tagged with their chat; a term matches inside a word, and
 *       whole words rank above word starts above infixes ({@link MessageQuery}). Hits are highlighted by
 *       {@link SearchQuery#highlight}, as in memory. (The analysed {@code body} field of earlier versions
 *       stays in the mapping so that their indexes remain compatible; reindex after an upgrade to fill
 *       {@code words}.)</li>
 *   <li>Pages are offsets carried in a cursor bound to the chat and query ({@link SearchCursor}).</li>
 *   <li>Everything goes through an alias over a mapped index ({@link MessageIndex}), over one connection pool
 *       whose clients each have their own timeouts ({@link ElasticClients}).</li>
 * </ul>
 */
public final class ElasticMessageSearch implements MessageSearch, AutoCloseable {
    /** The dependency name carried by {@link DependencyUnavailableException}. */
    public static final String DEPENDENCY = "elasticsearch";
    /** The deepest hit a cursor can reach: Elasticsearch's default {@code index.max_result_window}. */
    public static final int MAX_WINDOW = 10_000;

    private static final int MAX_ERRORS_REPORTED = 5;

    private final ElasticClients clients;
    private final MessageIndex index;
    private final MessageDocuments documents;
    private final BulkWriter bulk;
    private final DocumentRemoval removal;

    private ElasticMessageSearch(ElasticClients clients, String alias) {
        this.clients = clients;
        this.index = new MessageIndex(clients, alias);
        this.documents = new MessageDocuments(alias);
        this.bulk = new BulkWriter(clients.write(), index);
        this.removal = new DocumentRemoval(clients.write(), index, bulk);
    }

    /** Connects to {@code urls} (comma-separated) and makes sure index {@code alias} exists with its mapping. */
    public static ElasticMessageSearch create(String urls, String alias) {
        ElasticMessageSearch search = connect(urls, alias);
        try {
            search.ensureIndex();
            return search;
        } catch (RuntimeException e) {
            search.close();
            throw e;
        }
    }

    /** Connects without touching the server; call {@link #ensureIndex()} before use. */
    public static ElasticMessageSearch connect(String urls, String alias) {
        return new ElasticMessageSearch(ElasticClients.connect(urls), alias);
    }

    /** The alias searches and writes go to. */
    public String index() {
        return index.alias();
    }

    /**
     * Creates the index and its alias if missing, and otherwise applies the mapping to the existing index,
     * which fails if the existing mapping conflicts. Safe to call from many processes at once.
     *
     * @throws DependencyUnavailableException if Elasticsearch cannot be reached
     */
    public void ensureIndex() {
        index.ensure();
    }

    /** Whether Elasticsearch answers quickly and the index can serve: a cheap readiness probe. */
    public boolean isHealthy() {
        return index.isHealthy();
    }

    /** Makes every applied change visible to searches now, instead of within the 1 s refresh interval. */
    public void refresh() {
        index.refresh();
    }

    /** Deletes the concrete index behind the alias, with the alias: for tests only. */
    void deleteIndex() {
        index.delete();
    }

    @Override
    public void close() {
        clients.close();
    }

    @Override
    public void apply(List<SearchUpdate> updates) {
        // Message updates commute (each carries its version), so runs of them go in one bulk; a chat or
        // application removal must see everything before it and nothing after, so it splits the runs.
        List<BulkOperation> run = new ArrayList<>();
        List<SearchUpdate> causes = new ArrayList<>();
        Map<SearchUpdate, String> refused = new LinkedHashMap<>();
        for (SearchUpdate update : updates) {
            if (update instanceof SearchUpdate.IndexMessage message) {
                run.add(documents.index(message));
                causes.add(update);
            } else if (update instanceof SearchUpdate.RemoveMessage remove) {
                run.add(documents.tombstone(remove));
                causes.add(update);
            } else if (update instanceof SearchUpdate.RemoveChat remove) {
                flush(run, causes, refused);
                removal.removeChat(remove.chat()).ifPresent(why -> refused.put(update, why));
            } else if (update instanceof SearchUpdate.RemoveApplication remove) {
                flush(run, causes, refused);
                removal.removeApplication(remove.application()).ifPresent(why -> refused.put(update, why));
            } else {
                throw new IllegalArgumentException("unknown update " + update.getClass().getName());
            }
        }
        flush(run, causes, refused);
        if (!refused.isEmpty()) {
            throw new RejectedUpdatesException(List.copyOf(refused.keySet()),
                    refused.values().stream().limit(MAX_ERRORS_REPORTED).collect(Collectors.joining("; ")));
        }
    }

    /** Sends a run of operations and empties it, noting the updates behind those refused for good. */
    private void flush(List<BulkOperation> run, List<SearchUpdate> causes, Map<SearchUpdate, String> refused) {
        bulk.send(run).forEach((position, why) -> refused.put(causes.get(position), why));
        run.clear();
        causes.clear();
    }

    @Override
    public SearchPage search(ChatRef chat, SearchQuery query, int limit, Optional<String> cursor) {
        if (limit < 1 || limit > MAX_WINDOW) {
            throw new InvalidValueException(InvalidValueException.Field.PAGE_LIMIT, "limit must be between 1 and " + MAX_WINDOW);
        }
        String chatKey = StorageKeys.chatKey(chat);
        String fingerprint = SearchCursor.fingerprint(chatKey, query.terms());
        int offset = cursor.map(c -> SearchCursor.decode(c, fingerprint)).orElse(0);
        int size = Math.min(limit, MAX_WINDOW - offset);
        if (size <= 0) {
            return new SearchPage(List.of(), Optional.empty());
        }
        SearchResponse<StoredMessage> response;
        try {
            response = clients.search().search(s -> s
                    .index(index.alias())
                    .routing(chatKey)
                    .query(MessageQuery.matching(chatKey, query.terms()))
                    .from(offset)
                    // One more than asked tells whether a next page exists without counting every match.
                    .size(Math.min(size + 1, MAX_WINDOW - offset))
                    .trackTotalHits(t -> t.enabled(false))
                    .trackScores(true)
                    .sort(o -> o.score(sc -> sc.order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("number").order(SortOrder.Asc)))
                    .source(src -> src.filter(f -> f.includes("number", "sender", "body"))),
                    StoredMessage.class);
        } catch (IOException e) {
            throw unavailable("search failed", e);
        } catch (ElasticsearchException e) {
            if (retryable(e.status()) || e.status() == 404) {
                throw unavailable("search failed", e);
            }
            throw new IllegalStateException("search rejected: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw transportFailure("search failed", e);
        }
        List<Hit<StoredMessage>> found = response.hits().hits();
        List<SearchHit> hits = new ArrayList<>(Math.min(found.size(), size));
        for (Hit<StoredMessage> hit : found.subList(0, Math.min(found.size(), size))) {
            StoredMessage source = hit.source();
            if (source == null || source.body() == null || source.number() == null) {
                continue;
            }
            hits.add(new SearchHit(new MessageNumber(source.number()),
                    Optional.ofNullable(source.sender()).map(Sender::new), new MessageBody(source.body()),
                    query.highlight(source.body()), hit.score() == null ? 0 : hit.score()));
        }
        int next = offset + size;
        Optional<String> nextCursor = found.size() > size && next < MAX_WINDOW
                ? Optional.of(SearchCursor.encode(next, fingerprint))
                : Optional.empty();
        return new SearchPage(hits, nextCursor);
    }

    /** The fields a search reads back. */
    record StoredMessage(Integer number, String sender, String body) {}
}
