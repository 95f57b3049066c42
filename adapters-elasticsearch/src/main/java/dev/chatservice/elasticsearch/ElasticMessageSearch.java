package dev.chatservice.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.ExistsAliasRequest;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatservice.domain.model.ApplicationToken;
import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.MessageNumber;
import dev.chatservice.domain.model.MessageRef;
import dev.chatservice.domain.port.DependencyUnavailableException;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.SearchHit;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.RejectedUpdatesException;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;

/**
 * {@link MessageSearch} on Elasticsearch 8.x through elasticsearch-java.
 *
 * <p>Design, chosen to work both on the minimal integ-test distribution (no ngram tokenizers, no
 * {@code wildcard} field type, no {@code _delete_by_query}) and on the full one:
 * <ul>
 *   <li>One document per message, id {@code <chat key>/<number>}, routed by the chat key
 *       ({@code sha256(token)/<chat number>}), so one chat lives on one shard. The application token is a
 *       secret and is stored only as its SHA-256.</li>
 *   <li>The words of a body, split and lower-cased by {@link SearchQuery#words} exactly as the in-memory
 *       search does, go into the {@code words} keyword field, each prefixed with its chat's tag. A term
 *       matches when it occurs inside a word (a wildcard {@code <tag>*term*}); per term, a whole word scores 3,
 *       a word start 2 and any other infix 1, and the scores of the terms add up. Every term must match. The
 *       tag confines the wildcard's walk of the term dictionary to one chat's vocabulary. Hits are
 *       highlighted by {@link SearchQuery#highlight}, as in memory. (The analysed {@code body} field of
 *       earlier versions stays in the mapping so that their indexes remain compatible; reindex after an
 *       upgrade to fill {@code words}.)</li>
 *   <li>Writes use external versioning with the message's row version, so stale updates lose (a 409 is
 *       success). A removed message becomes a body-less tombstone at its version rather than a real delete,
 *       so a late stale create can never bring it back (a real delete's version is forgotten after
 *       {@code index.gc_deletes}, 60 s).</li>
 *   <li>Removing a chat or an application scans for its documents and bulk-deletes them, until none are
 *       left.</li>
 *   <li>Writes go through the alias with {@code require_alias}, so a lost index is never silently
 *       auto-created with a dynamic mapping; the concrete index is {@code <alias>-v1}.</li>
 * </ul>
 */
public final class ElasticMessageSearch implements MessageSearch, AutoCloseable {
    /** The dependency name carried by {@link DependencyUnavailableException}. */
    public static final String DEPENDENCY = "elasticsearch";
    /** The deepest hit a cursor can reach: Elasticsearch's default {@code index.max_result_window}. */
    public static final int MAX_WINDOW = 10_000;

    private static final String MAPPING_VERSION = "v1";
    /**
     * Connecting, and waiting for a pooled connection, each give up after 500 ms: with 1 s the fault suite's
     * slowest 503 while Elasticsearch was down came at 995 ms, no margin under the API's 1 s promise.
     */
    private static final int CONNECT_TIMEOUT_MS = 500;
    /** Start-up checks and test clean-up give up after 2 s without a byte. */
    private static final int SOCKET_TIMEOUT_MS = 2_000;
    /**
     * A search gives up after 750 ms without a byte, as a MySQL read does, so its 503 comes within the API's
     * 1 s: a starting node answered searches with its own 503 ("all shards failed") only after 960-995 ms in
     * the fault suite. The benchmark's search p99.9 on a 100k-message chat at 64 connections was 338 ms.
     */
    private static final int SEARCH_TIMEOUT_MS = 750;
    private static final int HEALTH_TIMEOUT_MS = 1_500;
    private static final int WRITE_TIMEOUT_MS = 30_000;
    private static final int MAX_ATTEMPTS = 4;
    private static final long FIRST_BACKOFF_MS = 100;
    private static final int SCAN_PAGE = 1_000;
    private static final int MAX_REMOVAL_ROUNDS = 10;
    private static final int MAX_ERRORS_REPORTED = 5;
    private static final String CURSOR_PREFIX = "c1.";
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,5})\\.([0-9a-f]{16})");

    private final RestClient restClient;
    private final ElasticsearchClient client;
    private final ElasticsearchClient healthClient;
    private final ElasticsearchClient searchClient;
    /** For bulks, refreshes, removal scans and index creation, which a loaded node can take longer to answer. */
    private final ElasticsearchClient writeClient;
    private final String alias;
    private final String concreteIndex;

    private ElasticMessageSearch(RestClient restClient, String alias) {
        if (alias == null || !alias.matches("[a-z0-9][a-z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("index name must be lower-case letters, digits, '.', '_' or '-'");
        }
        ObjectMapper mapper = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        RestClientTransport transport = new RestClientTransport(restClient, new JacksonJsonpMapper(mapper));
        this.restClient = restClient;
        this.client = new ElasticsearchClient(transport);
        this.healthClient = withSocketTimeout(client, HEALTH_TIMEOUT_MS);
        this.searchClient = withSocketTimeout(client, SEARCH_TIMEOUT_MS);
        this.writeClient = withSocketTimeout(client, WRITE_TIMEOUT_MS);
        this.alias = alias;
        this.concreteIndex = alias + "-" + MAPPING_VERSION;
    }

    private static ElasticsearchClient withSocketTimeout(ElasticsearchClient client, int socketTimeoutMs) {
        // A request's RequestConfig replaces the client's default whole, so it repeats the connect timeouts.
        RequestOptions options = RequestOptions.DEFAULT.toBuilder().setRequestConfig(RequestConfig.custom()
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setConnectionRequestTimeout(CONNECT_TIMEOUT_MS)
                .setSocketTimeout(socketTimeoutMs)
                .build()).build();
        return client.withTransportOptions(new RestClientOptions(options, false));
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
        HttpHost[] hosts = Arrays.stream(urls.split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> HttpHost.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url))
                .toArray(HttpHost[]::new);
        if (hosts.length == 0) {
            throw new IllegalArgumentException("no Elasticsearch URL given");
        }
        RestClient restClient = RestClient.builder(hosts)
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout(CONNECT_TIMEOUT_MS)
                        .setConnectionRequestTimeout(CONNECT_TIMEOUT_MS)
                        .setSocketTimeout(SOCKET_TIMEOUT_MS))
                // No auth cache: the low-level client seeds one with a BasicScheme per node, and Apache's
                // BasicAuthCache hands it out by Java deserialization on every request (5 % of a node's CPU on
                // searches). The service sends no credentials to Elasticsearch, so there is nothing to cache.
                .setHttpClientConfigCallback(http -> http.setMaxConnTotal(64).setMaxConnPerRoute(64)
                        .disableAuthCaching())
                .build();
        return new ElasticMessageSearch(restClient, alias);
    }

    /** The alias searches and writes go to. */
    public String index() {
        return alias;
    }

    /**
     * Creates the index and its alias if missing, and otherwise applies the mapping to the existing index,
     * which fails if the existing mapping conflicts. Safe to call from many processes at once.
     *
     * @throws DependencyUnavailableException if Elasticsearch cannot be reached
     */
    public void ensureIndex() {
        try {
            if (client.indices().existsAlias(ExistsAliasRequest.of(r -> r.name(alias))).value()) {
                writeClient.indices().putMapping(p -> p.index(alias).withJson(new StringReader(resource("mappings"))));
                return;
            }
            if (client.indices().exists(e -> e.index(alias)).value()) {
                throw new IllegalStateException("'" + alias + "' is an index, not an alias; it was probably"
                        + " auto-created by a write. Delete it so the mapped index " + concreteIndex
                        + " can be created behind the alias");
            }
            String body = "{\"settings\":" + resource("settings") + ",\"mappings\":" + resource("mappings")
                    + ",\"aliases\":{\"" + alias + "\":{\"is_write_index\":true}}}";
            try {
                writeClient.indices().create(c -> c.index(concreteIndex).withJson(new StringReader(body)));
            } catch (ElasticsearchException e) {
                // Another process created it first; that one carries the same mapping.
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
            writeClient.cluster().health(h -> h.index(alias).waitForStatus(HealthStatus.Yellow)
                    .timeout(t -> t.time("30s")));
        } catch (IOException e) {
            throw unavailable("cannot create index " + alias, e);
        } catch (ElasticsearchException e) {
            if (retryable(e.status())) {
                throw unavailable("cannot create index " + alias, e);
            }
            throw new IllegalStateException("cannot create index " + alias + ": " + e.getMessage(), e);
        }
    }

    /** Whether Elasticsearch answers quickly and the index can serve: a cheap readiness probe. */
    public boolean isHealthy() {
        try {
            HealthStatus status = healthClient.cluster()
                    .health(h -> h.index(alias).timeout(t -> t.time("1s"))).status();
            return status == HealthStatus.Green || status == HealthStatus.Yellow;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Makes every applied change visible to searches now, instead of within the 1 s refresh interval. */
    public void refresh() {
        try {
            writeClient.indices().refresh(r -> r.index(alias));
        } catch (IOException e) {
            throw unavailable("cannot refresh " + alias, e);
        } catch (ElasticsearchException e) {
            if (retryable(e.status()) || e.status() == 404) {
                throw unavailable("cannot refresh " + alias, e);
            }
            throw new IllegalStateException("refresh rejected: " + e.getMessage(), e);
        }
    }

    /** Deletes the concrete index behind the alias, with the alias: for tests only. */
    void deleteIndex() {
        try {
            client.indices().delete(d -> d.index(concreteIndex).ignoreUnavailable(true));
        } catch (IOException e) {
            throw unavailable("cannot delete " + concreteIndex, e);
        }
    }

    @Override
    public void close() {
        try {
            restClient.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- updates

    @Override
    public void apply(List<SearchUpdate> updates) {
        // Message updates commute (each carries its version), so runs of them go in one bulk; a chat or
        // application removal must see everything before it and nothing after, so it splits the runs.
        List<BulkOperation> run = new ArrayList<>();
        List<SearchUpdate> causes = new ArrayList<>();
        Map<SearchUpdate, String> refused = new LinkedHashMap<>();
        for (SearchUpdate update : updates) {
            if (update instanceof SearchUpdate.IndexMessage index) {
                run.add(indexOperation(index));
                causes.add(update);
            } else if (update instanceof SearchUpdate.RemoveMessage remove) {
                run.add(tombstoneOperation(remove));
                causes.add(update);
            } else if (update instanceof SearchUpdate.RemoveChat remove) {
                flush(run, causes, refused);
                String chat = chatKey(remove.chat());
                removeAll(Query.of(q -> q.term(t -> t.field("chat").value(chat))), chat)
                        .ifPresent(why -> refused.put(update, why));
            } else if (update instanceof SearchUpdate.RemoveApplication remove) {
                flush(run, causes, refused);
                String app = applicationKey(remove.application());
                removeAll(Query.of(q -> q.term(t -> t.field("app").value(app))), null)
                        .ifPresent(why -> refused.put(update, why));
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
        bulk(run).forEach((position, why) -> refused.put(causes.get(position), why));
        run.clear();
        causes.clear();
    }

    private BulkOperation indexOperation(SearchUpdate.IndexMessage update) {
        String chat = chatKey(update.message().chat());
        Map<String, Object> document = document(update.message(), chat, false);
        document.put("body", update.body().value());
        String tag = chatTag(chat);
        document.put("words", SearchQuery.words(update.body().value()).stream().distinct()
                .map(word -> tag + word).toList());
        return externallyVersioned(update.message(), chat, update.version(), document);
    }

    private BulkOperation tombstoneOperation(SearchUpdate.RemoveMessage update) {
        String chat = chatKey(update.message().chat());
        return externallyVersioned(update.message(), chat, update.version(), document(update.message(), chat, true));
    }

    /** @param chat the message's {@link #chatKey}, hashed once per operation by the caller */
    private BulkOperation externallyVersioned(MessageRef message, String chat, long version,
                                              Map<String, Object> document) {
        return BulkOperation.of(op -> op.index(i -> i
                .index(alias)
                .id(chat + "/" + message.message().value())
                .routing(chat)
                .version(version)
                .versionType(VersionType.External)
                .document(document)));
    }

    private static Map<String, Object> document(MessageRef message, String chat, boolean deleted) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("app", applicationKey(message.chat().application()));
        document.put("chat", chat);
        document.put("number", message.message().value());
        document.put("deleted", deleted);
        return document;
    }

    /**
     * Sends the operations, retrying those that fail for a passing reason (429, 5xx, unreachable) with
     * backoff. A 409 means a newer version is indexed and a 404 on delete means already gone: both done.
     *
     * @return the operations Elasticsearch refused for good (e.g. a mapping conflict), by position, with why
     * @throws DependencyUnavailableException if some still fail for a passing reason
     * @throws IllegalStateException if Elasticsearch refuses the whole request for good
     */
    private Map<Integer, String> bulk(List<BulkOperation> operations) {
        Map<Integer, String> rejected = new LinkedHashMap<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            pending.add(i);
        }
        String lastFailure = "";
        boolean recreated = false;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                if (attempt > MAX_ATTEMPTS) {
                    throw unavailable(pending.size() + " of " + operations.size()
                            + " bulk operations still failing after " + MAX_ATTEMPTS + " attempts: " + lastFailure,
                            null);
                }
                pause(FIRST_BACKOFF_MS << (2 * (attempt - 2)));
            }
            BulkResponse response;
            try {
                List<BulkOperation> batch = pending.stream().map(operations::get).toList();
                response = writeClient.bulk(b -> b.operations(batch).requireAlias(true));
            } catch (TransportException e) {
                // An HTTP error without an Elasticsearch error body, e.g. a 502 from a proxy.
                if (!retryable(e.statusCode())) {
                    throw new IllegalStateException("bulk request rejected: " + e.getMessage(), e);
                }
                lastFailure = e.toString();
                continue;
            } catch (IOException e) {
                // Unreachable or timed out: give up at once rather than hold the caller, who retries later.
                throw unavailable("bulk request failed", e);
            } catch (ElasticsearchException e) {
                if (!retryable(e.status())) {
                    throw new IllegalStateException("bulk request rejected: " + e.getMessage(), e);
                }
                lastFailure = e.getMessage();
                continue;
            } catch (RuntimeException e) {
                throw transportFailure("bulk request failed", e);
            }
            if (!response.errors()) {
                return rejected;
            }
            List<Integer> retry = new ArrayList<>();
            boolean indexMissing = false;
            for (int i = 0; i < response.items().size(); i++) {
                BulkResponseItem item = response.items().get(i);
                int status = item.status();
                if (item.error() == null || status == 409
                        || (status == 404 && item.operationType() == OperationType.Delete)) {
                    continue;
                }
                if (status == 404 && "index_not_found_exception".equals(item.error().type()) && !recreated) {
                    indexMissing = true;
                    retry.add(pending.get(i));
                } else if (retryable(status)) {
                    retry.add(pending.get(i));
                    lastFailure = describe(item);
                } else {
                    rejected.put(pending.get(i), describe(item));
                }
            }
            if (indexMissing) {
                // Someone deleted the index: recreate it (once) rather than stall every later batch.
                ensureIndex();
                recreated = true;
            }
            pending = retry;
        }
        return rejected;
    }

    private static String describe(BulkResponseItem item) {
        ErrorCause error = item.error();
        String cause = error == null ? "" : error.type() + ": " + error.reason();
        if (error != null && error.causedBy() != null) {
            cause += " (" + error.causedBy().type() + ": " + error.causedBy().reason() + ")";
        }
        return item.operationType().jsonValue() + " " + item.id() + " -> " + item.status() + " " + cause;
    }

    /**
     * Deletes every document matching {@code filter}: pages through them in a stable order and bulk-deletes
     * each page, then refreshes and looks again, until a fresh look finds none.
     *
     * @return why, if Elasticsearch refused a delete for good
     */
    private Optional<String> removeAll(Query filter, String routing) {
        for (int round = 1; round <= MAX_REMOVAL_ROUNDS; round++) {
            refresh();
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
                            .index(alias).id(hit.id()).routing(hit.routing()))));
                }
                Map<Integer, String> refused = bulk(deletes);
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
        throw unavailable("documents kept appearing while removing them after " + MAX_REMOVAL_ROUNDS + " rounds",
                null);
    }

    private List<Hit<Void>> scan(Query filter, String routing, List<FieldValue> after) {
        try {
            SearchResponse<Void> response = writeClient.search(s -> {
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

    // ----------------------------------------------------------------------------------------------- search

    @Override
    public SearchPage search(ChatRef chat, SearchQuery query, int limit, Optional<String> cursor) {
        if (limit < 1 || limit > MAX_WINDOW) {
            throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_WINDOW);
        }
        String chatKey = chatKey(chat);
        String fingerprint = fingerprint(chatKey, query.terms());
        int offset = cursor.map(c -> parseCursor(c, fingerprint)).orElse(0);
        int size = Math.min(limit, MAX_WINDOW - offset);
        if (size <= 0) {
            return new SearchPage(List.of(), Optional.empty());
        }
        SearchResponse<StoredMessage> response;
        try {
            response = searchClient.search(s -> s
                    .index(alias)
                    .routing(chatKey)
                    .query(matching(chatKey, query.terms()))
                    .from(offset)
                    // One more than asked tells whether a next page exists without counting every match.
                    .size(Math.min(size + 1, MAX_WINDOW - offset))
                    .trackTotalHits(t -> t.enabled(false))
                    .trackScores(true)
                    .sort(o -> o.score(sc -> sc.order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("number").order(SortOrder.Asc)))
                    .source(src -> src.filter(f -> f.includes("number", "body"))),
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
            hits.add(new SearchHit(new MessageNumber(source.number()), new MessageBody(source.body()),
                    query.highlight(source.body()), hit.score() == null ? 0 : hit.score()));
        }
        int next = offset + size;
        Optional<String> nextCursor = found.size() > size && next < MAX_WINDOW
                ? Optional.of(cursor(next, fingerprint))
                : Optional.empty();
        return new SearchPage(hits, nextCursor);
    }

    /**
     * Documents of the chat holding every term inside one of their words. Per term the best of: the whole
     * word (3), a word start (2), anywhere in a word (1); constant scores, so ranks do not depend on term
     * statistics that differ between shards. Every query runs on the {@code words} keyword field, whose terms
     * start with the chat's tag: the prefix and infix queries then walk only that chat's vocabulary in the
     * term dictionary, not the whole index's.
     */
    static Query matching(String chatKey, List<String> terms) {
        String tag = chatTag(chatKey);
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("chat").value(chatKey)));
            for (String term : terms) {
                b.must(m -> m.disMax(d -> d.tieBreaker(0.0)
                        .queries(c -> c.constantScore(s -> s.boost(3f)
                                .filter(f -> f.term(t -> t.field("words").value(tag + term)))))
                        .queries(c -> c.constantScore(s -> s.boost(2f)
                                .filter(f -> f.prefix(p -> p.field("words").value(tag + term)))))
                        .queries(c -> c.constantScore(s -> s.boost(1f)
                                .filter(f -> f.wildcard(w -> w.field("words")
                                        .value(tag + "*" + escapeWildcard(term) + "*")))))));
            }
            return b;
        }));
    }

    /**
     * The prefix of a chat's terms in the {@code words} field: 64 bits of the chat key's hash, then '|'. A
     * collision would only merge two chats' vocabularies; the chat filter still keeps their messages apart.
     */
    static String chatTag(String chatKey) {
        return sha256Hex(chatKey).substring(0, 16) + "|";
    }

    /** Escapes the wildcard operators, so a term only ever matches itself. */
    static String escapeWildcard(String term) {
        StringBuilder out = new StringBuilder(term.length() + 4);
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '*' || c == '?' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------ keys

    /** The application as stored: the SHA-256 of its token in hex, never the secret itself. */
    static String applicationKey(ApplicationToken token) {
        return sha256Hex(token.value());
    }

    /** The routing and filter key of a chat: {@code <application key>/<chat number>}. */
    static String chatKey(ChatRef chat) {
        return applicationKey(chat.application()) + "/" + chat.chat().value();
    }

    // ---------------------------------------------------------------------------------------------- cursor

    /** Ties a cursor to its chat and query, so a cursor from elsewhere is rejected, not misread. */
    private static String fingerprint(String chatKey, List<String> terms) {
        return sha256Hex(chatKey + "\n" + String.join("\n", terms)).substring(0, 16);
    }

    private static String cursor(int offset, String fingerprint) {
        return CURSOR_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((offset + "." + fingerprint).getBytes(StandardCharsets.US_ASCII));
    }

    private static int parseCursor(String cursor, String fingerprint) {
        if (cursor.startsWith(CURSOR_PREFIX) && cursor.length() <= 64) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(cursor.substring(CURSOR_PREFIX.length())),
                        StandardCharsets.US_ASCII);
                Matcher matcher = CURSOR.matcher(decoded);
                if (matcher.matches() && matcher.group(2).equals(fingerprint)) {
                    int offset = Integer.parseInt(matcher.group(1));
                    if (offset > 0 && offset < MAX_WINDOW) {
                        return offset;
                    }
                }
            } catch (IllegalArgumentException e) {
                // not base64: falls through to the rejection below
            }
        }
        throw new InvalidValueException("cursor", "cursor is not valid for this search");
    }

    // --------------------------------------------------------------------------------------------- helpers

    /** The fields a search reads back. */
    record StoredMessage(Integer number, String body) {}

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * The low-level client reports some transport failures as bare RuntimeExceptions, e.g. a
     * "Connection lease request time out" when every pooled connection is busy: those are outages too.
     */
    private static RuntimeException transportFailure(String message, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof java.util.concurrent.TimeoutException) {
                return unavailable(message, e);
            }
        }
        return e;
    }

    private static DependencyUnavailableException unavailable(String message, Throwable cause) {
        String detail = cause == null || message.contains(String.valueOf(cause.getMessage())) ? message
                : message + ": " + cause;
        return new DependencyUnavailableException(DEPENDENCY, detail, cause);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while retrying", e);
        }
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String resource(String name) {
        String path = "messages-" + name + ".json";
        try (InputStream in = ElasticMessageSearch.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
