package dev.chatservice.elasticsearch;

import static dev.chatservice.elasticsearch.ElasticFailures.unavailable;

import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.RejectedUpdatesException;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
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
 *   <li>A body's words and their grams go into keyword fields, tagged with their chat; a term matches inside
 *       a word, and whole words rank above word starts above infixes, or newest first ({@link MessageQuery}).
 *       Candidates found by grams are verified, and hits highlighted, by the domain ({@link SearchPages}).
 *       The body itself is stored, not indexed; an outdated index serves until {@link #rebuild} replaces
 *       it.</li>
 *   <li>Pages are offsets (by relevance) or numbers (newest first) carried in a cursor bound to the chat,
 *       query and order ({@link SearchCursor}).</li>
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

    private final SearchPages pages;

    private ElasticMessageSearch(ElasticClients clients, String alias) {
        this(clients, new MessageIndex(clients, alias), alias);
    }

    /** A search writing its documents to {@code target}: the alias, or during an upgrade the staging alias. */
    private ElasticMessageSearch(ElasticClients clients, MessageIndex index, String target) {
        this.clients = clients;
        this.index = index;
        this.documents = new MessageDocuments(target);
        this.bulk = new BulkWriter(clients.write(), index);
        this.removal = new DocumentRemoval(clients.write(), index, bulk);
        this.pages = new SearchPages(clients, index);
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
    public SearchPage search(ChatRef chat, SearchQuery query, SearchOrder order, int limit, Optional<String> cursor) {
        if (limit < 1 || limit > MAX_WINDOW) {
            throw new InvalidValueException(InvalidValueException.Field.PAGE_LIMIT, "limit must be between 1 and " + MAX_WINDOW);
        }
        return pages.search(StorageKeys.chatKey(chat), query, order, limit, cursor);
    }

    /**
     * Rebuilds the index through {@code fill}, which writes every message into the search it is given. On a
     * current index that is this search itself; on an {@linkplain #isCurrent() outdated} one, a new current
     * index that the alias moves to once {@code fill} is done (the old one is then deleted).
     *
     * @return what {@code fill} returned
     */
    public long rebuild(ToLongFunction<MessageSearch> fill) {
        if (index.current()) {
            return fill.applyAsLong(this);
        }
        return index.upgrade(name -> fill.applyAsLong(new ElasticMessageSearch(clients, index, name)));
    }

    /** Whether the index behind the alias has the current mapping, as found by {@link #ensureIndex()}. */
    public boolean isCurrent() {
        return index.current();
    }
}
